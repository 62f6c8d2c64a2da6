package io.fluvius.media.fault;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The hostile values of the scenario, each drawn from a {@link SplittableRandom}: range headers, validators and
 * dates, digests, content types, file names, ids, listing parameters and cursors. Valid values are among them
 * (from {@link FuzzTargets}), so that some requests pass the first check and reach deeper code.
 */
final class HostileValues {

    /** Every generated file name carries it, so that a stored key made of one would show. */
    static final String NAME_MARKER = "hostile-fz";

    private static final String[] FILENAME_SHAPES = {
        "..", ".", "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "/tmp/%s", "C:\\boot.ini",
        "%s\u0000.txt", "ctl\u0001\u001f\u007f%s.bin", "caf\u00e9-%s.txt", "cafe\u0301-%s.txt", "\u202Etxt.%s.exe",
        "\u200F..\u200F/%s", "%%2e%%2e%%2fetc%%2f%s", "..%%2f..%%2f%s", "%%252e%%252e%%252f%s", "....//....//%s",
        "~/.ssh/%s", "%s\r\nX-Injected: 1", " ", "", "CON", "file:///etc/%s", "\uFEFF%s", "\uD83D\uDE00%s.png",
        "a/b/c/%s", "./%s", ".%s", "null", "%s/", "%s\\", "%s?x=1#y", "%s;rm -rf", "<script>%s</script>.html",
        "%s.svg", "\u0130\u0131%s", "\u1E9B\u0323%s", "\uFF0E\uFF0E\uFF0F%s", "../../../../../../../../tmp/%s",
    };

    private HostileValues() {
    }

    static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    static boolean chance(SplittableRandom random, double probability) {
        return random.nextDouble() < probability;
    }

    static String marker(SplittableRandom random) {
        return NAME_MARKER + Long.toHexString(random.nextLong() & 0xffffffffL);
    }

    /** A file name: traversal, absolute, control characters, 4 KiB, NFC or NFD, RTL marks, encoded traversal. */
    static String filename(SplittableRandom random) {
        String shape = pick(random, FILENAME_SHAPES);
        String name = shape.contains("%s") ? String.format(shape, marker(random)) : shape;
        return switch (random.nextInt(10)) {
            case 0 -> name + "x".repeat(4096 - Math.min(name.length(), 4000)); // 4 KiB
            case 1 -> Normalizer.normalize(name, Normalizer.Form.NFD);
            case 2 -> Normalizer.normalize(name, Normalizer.Form.NFC);
            case 3 -> name.replace("/", "%2F");
            default -> name;
        };
    }

    static String range(SplittableRandom random, long length) {
        return switch (random.nextInt(24)) {
            case 0 -> "bytes=0-" + random.nextLong(Math.max(1, length));
            case 1 -> "bytes=" + random.nextLong(Math.max(1, length)) + "-";
            case 2 -> "bytes=-" + random.nextLong(1, Math.max(2, length + 10));
            case 3 -> "bytes=9-0";
            case 4 -> "bytes=0-99999999999999999999999";
            case 5 -> "bytes=99999999999999999999-";
            case 6 -> "bytes=-0";
            case 7 -> "bytes=0-1,3-4,5-6";
            case 8 -> "bytes=0-0,-1";
            case 9 -> "bytes=";
            case 10 -> "bytes=-";
            case 11 -> "bytes=a-b";
            case 12 -> "items=0-5";
            case 13 -> "bytes = 0-5 ";
            case 14 -> "bytes=--5";
            case 15 -> "bytes=1-2-3";
            case 16 -> "bytes=" + "0-1,".repeat(200) + "2-3";
            case 17 -> "bytes=-9223372036854775808";
            case 18 -> "bytes=9223372036854775807-9223372036854775807";
            case 19 -> "bytes=" + length + "-";
            case 20 -> "bytes=" + (length - 1) + "-" + length;
            case 21 -> "bytes=0x10-";
            case 22 -> "bytes=\u00bd-";
            default -> garbage(random, 40);
        };
    }

    static String entityTag(SplittableRandom random, FuzzTargets.Entry entry) {
        String hash = entry.sha256();
        return switch (random.nextInt(14)) {
            case 0, 1 -> '"' + hash + '"';
            case 2 -> "W/\"" + hash + '"';
            case 3 -> "*";
            case 4 -> "\"x\", \"" + hash + '"';
            case 5 -> hash;
            case 6 -> "\"";
            case 7 -> "W/";
            case 8 -> ("\"" + hash + "\", ").repeat(300) + "*";
            case 9 -> '"' + "e".repeat(6000) + '"';
            case 10 -> '"' + hash.substring(1) + '"';
            case 11 -> ",,,";
            default -> garbage(random, 60);
        };
    }

    static String httpDate(SplittableRandom random, FuzzTargets.Entry entry) {
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> entry.lastModified();
            case 3 -> "Thu, 01 Jan 1970 00:00:00 GMT";
            case 4 -> "Sun, 06 Nov 1994 08:49:37 GMT";
            case 5 -> "Sunday, 06-Nov-94 08:49:37 GMT";
            case 6 -> "Sun Nov  6 08:49:37 1994";
            case 7 -> "Fri, 31 Dec 9999 23:59:59 GMT";
            case 8 -> "Mon, 32 Foo 2026 25:61:61 GMT";
            case 9 -> "-1";
            case 10 -> "99999999999999999999";
            case 11 -> "Tue, 01 Jan -9999 00:00:00 GMT";
            case 12 -> "";
            default -> garbage(random, 40);
        };
    }

    /** A Content-Digest for {@code body}: right, wrong, malformed base64, wrong length, unknown algorithms. */
    static String contentDigest(SplittableRandom random, byte[] body) {
        String right = Base64.getEncoder().encodeToString(MediaSha256.of(body));
        return switch (random.nextInt(16)) {
            case 0, 1, 2 -> "sha-256=:" + right + ":";
            case 3 -> "sha-256=:" + Base64.getEncoder().encodeToString(MediaSha256.of(new byte[] {1})) + ":";
            case 4 -> "sha-256=:!!!not*base64!!!:";
            case 5 -> "sha-256=:YWJj:";
            case 6 -> "sha-512=:" + Base64.getEncoder().encodeToString(new byte[64]) + ":";
            case 7 -> "md5=:" + Base64.getEncoder().encodeToString(new byte[16]) + ":";
            case 8 -> "sha-256=" + HexFormat.of().formatHex(MediaSha256.of(body));
            case 9 -> "sha-256=::";
            case 10 -> "sha-256=:" + right;
            case 11 -> "unixsum=1, sha-256=:" + right + ":;x=1";
            case 12 -> "sha-256=:" + right.replace('+', '-').replace('/', '_') + ":";
            case 13 -> "sha-256=:" + "A".repeat(5000) + ":";
            case 14 -> ", , ,=";
            default -> garbage(random, 50);
        };
    }

    /** A Content-Type for a raw upload: garbage, huge, a multipart type without its boundary. */
    static String contentType(SplittableRandom random) {
        return switch (random.nextInt(18)) {
            case 0, 1 -> "application/octet-stream";
            case 2 -> "text/plain; charset=utf-8";
            case 3 -> "foo";
            case 4 -> "/";
            case 5 -> "multipart/form-data";
            case 6 -> "multipart/form-data; boundary=";
            case 7 -> "multipart/form-data; boundary=\"\"";
            case 8 -> "text/plain; charset=no-such-charset";
            case 9 -> "application/json";
            case 10 -> "application/" + "x".repeat(6000);
            case 11 -> "text/html";
            case 12 -> "image/svg+xml";
            case 13 -> "*/*";
            case 14 -> "text/plain; a=\"unterminated";
            case 15 -> "text/plain;;;=;";
            case 16 -> "application/x-www-form-urlencoded";
            default -> garbage(random, 80);
        };
    }

    static String id(SplittableRandom random, FuzzTargets targets) {
        return switch (random.nextInt(16)) {
            case 0, 1, 2, 3 -> targets.anySeeded(random).id();
            case 4, 5 -> targets.anyDeleted(random);
            case 6 -> UUID.randomUUID().toString();
            case 7 -> targets.anySeeded(random).id().toUpperCase();
            case 8 -> targets.anySeeded(random).id().replace("-", "");
            case 9 -> targets.anySeeded(random).id() + "x";
            case 10 -> "00000000-0000-0000-0000-000000000000";
            case 11 -> "1-1-1-1-1";
            case 12 -> "ffffffffffffffffffff-ffff-ffff-ffff-ffffffffffff";
            case 13 -> "..%2F..%2Fetc%2Fpasswd";
            case 14 -> "%2e%2e";
            default -> encode(garbage(random, 50));
        };
    }

    /** A value of {@code resource} or {@code resourceId}: long, control characters, unicode. */
    static String resourceValue(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> "seeded";
            case 2 -> "r".repeat(random.nextInt(200, 9_000));
            case 3 -> "ctl\u0000\u0001\r\n\t";
            case 4 -> "caf\u00e9\u202E\uD83D\uDE00";
            case 5 -> Normalizer.normalize("cafe\u0301", Normalizer.Form.NFD);
            case 6 -> "' OR '1'='1";
            case 7 -> "%";
            case 8 -> "_";
            default -> garbage(random, 30);
        };
    }

    /** A value of {@code limit} or {@code offset}: negative, huge, non-numeric. */
    static String number(SplittableRandom random) {
        return switch (random.nextInt(14)) {
            case 0, 1 -> Integer.toString(random.nextInt(0, 5));
            case 2 -> "-1";
            case 3 -> "0";
            case 4 -> "1001";
            case 5 -> "2147483648";
            case 6 -> "9223372036854775807";
            case 7 -> "9223372036854775808";
            case 8 -> "-9223372036854775808";
            case 9 -> "1e3";
            case 10 -> " 3 ";
            case 11 -> "0x10";
            case 12 -> "\u0663";
            default -> garbage(random, 10);
        };
    }

    /** A cursor: a real one, one of them mutated, or forged base64. */
    static String cursor(SplittableRandom random, java.util.List<String> real) {
        String base = FuzzTargets.any(real, random, "eyJvIjoxfQ");
        return switch (random.nextInt(12)) {
            case 0, 1 -> base;
            case 2 -> flip(random, base);
            case 3 -> base.substring(0, random.nextInt(base.length() + 1));
            case 4 -> base + "A";
            case 5 -> base64(random.nextBoolean() ? "{\"offset\":-1}" : "{\"o\":-9223372036854775808,\"id\":\"x\"}");
            case 6 -> base64("garbage" + garbage(random, 20));
            case 7 -> base64(new String(decode(base), StandardCharsets.ISO_8859_1).replaceAll("\\d", "9"));
            case 8 -> base64(new String(decode(base), StandardCharsets.ISO_8859_1).replaceAll("\\d", "-1"));
            case 9 -> "!!!!";
            case 10 -> base.repeat(100);
            default -> garbage(random, 40);
        };
    }

    static String flip(SplittableRandom random, String text) {
        if (text.isEmpty()) {
            return "A";
        }
        char[] chars = text.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = (char) ('A' + random.nextInt(58));
        return new String(chars);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getUrlDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return base64.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Random characters: ASCII, controls, Latin-1, a little of everything else. */
    static String garbage(SplittableRandom random, int maxLength) {
        int length = random.nextInt(1, maxLength + 1);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                text.append((char) random.nextInt(0x20, 0x7f));
            } else if (kind < 7) {
                text.append((char) random.nextInt(0, 0x20));
            } else if (kind < 9) {
                text.append((char) random.nextInt(0xa0, 0x250));
            } else {
                text.appendCodePoint(random.nextInt(0x250, 0x2FFFF));
            }
        }
        return text.toString();
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
