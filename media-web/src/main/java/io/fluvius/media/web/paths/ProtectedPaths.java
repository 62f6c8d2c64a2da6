package io.fluvius.media.web.paths;

/**
 * The web module's directories that are never served (Servlet 6.0 §10.5): {@code WEB-INF} and {@code META-INF},
 * in any case, as the path relative to the context root names them once Undertow has canonicalised it
 * ({@code /media/api/../WEB-INF/web.xml} arrives as {@code /WEB-INF/web.xml}).
 */
final class ProtectedPaths {

    private static final String[] DIRECTORIES = {"/WEB-INF", "/META-INF"};

    private ProtectedPaths() {
    }

    static boolean isProtected(String relativePath) {
        if (relativePath == null) {
            return false;
        }
        for (String directory : DIRECTORIES) {
            if (relativePath.regionMatches(true, 0, directory, 0, directory.length())) {
                return true;
            }
        }
        return false;
    }
}
