package io.fluvius.media.web.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which stored types a browser may show in place. Anything a writer uploads may end up opened by an
 * administrator's browser, in this API's origin and with its cached credentials: a type that can run script
 * there (HTML, SVG, XML, JavaScript, and whatever is not known to be passive) is always sent as an attachment,
 * sandboxed, whatever the request asks. The type is judged as a browser would parse it: lower-cased, without
 * parameters, whether Tika detected it or the writer declared it.
 */
public final class ServingPolicy {

    /**
     * Raster images, audio, video, PDF and plain text: what browsers render without running anything of the
     * file's. {@code type/*} admits a whole top-level type.
     */
    public static final List<String> DEFAULT_INLINE_TYPES = List.of("image/png", "image/jpeg", "image/gif",
            "image/webp", "image/avif", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon", "audio/*", "video/*",
            "application/pdf", "text/plain");

    /** What a download of a type off the allow-list may do in a browser: nothing (RFC 9110 headers aside). */
    public static final String SANDBOX = "sandbox";

    private final Set<String> inlineTypes;

    private ServingPolicy(Set<String> inlineTypes) {
        this.inlineTypes = inlineTypes;
    }

    /** @param inlineTypes {@code media.serve.inline-types}; absent: {@link #DEFAULT_INLINE_TYPES} */
    public static ServingPolicy of(Optional<List<String>> inlineTypes) {
        return new ServingPolicy(inlineTypes.filter(list -> !list.isEmpty()).orElse(DEFAULT_INLINE_TYPES).stream()
                .map(t -> t.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether a file of this stored type may be shown in place ({@code Content-Disposition: inline}). */
    public boolean mayServeInline(String storedType) {
        Optional<String> essence = essence(storedType);
        if (essence.isEmpty()) {
            return false;
        }
        String type = essence.get();
        return inlineTypes.contains(type) || inlineTypes.contains(type.substring(0, type.indexOf('/')) + "/*");
    }

    /**
     * The media type without parameters, lower-cased ({@code Image/SVG+XML; charset=x} is {@code image/svg+xml});
     * empty when it is not {@code type/subtype} of RFC 9110 token characters.
     */
    public static Optional<String> essence(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        int semicolon = mediaType.indexOf(';');
        String type = (semicolon >= 0 ? mediaType.substring(0, semicolon) : mediaType).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1 || type.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c != '/' && !isTokenChar(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(type);
    }

    /** Whether the stored type can go out as the Content-Type header as it is (else: application/octet-stream). */
    public static boolean isSendable(String mediaType) {
        if (essence(mediaType).isEmpty()) {
            return false;
        }
        for (int i = 0; i < mediaType.length(); i++) {
            char c = mediaType.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0;
    }
}
