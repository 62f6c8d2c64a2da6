import java.util.Locale;

/** Byte counts written the way people say them: {@code 4096}, {@code 4k}, {@code 64m}, {@code 1g}. */
final class Sizes {

    private Sizes() {
    }

    static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }
}
