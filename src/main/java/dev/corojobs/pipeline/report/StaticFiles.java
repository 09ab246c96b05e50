package dev.corojobs.pipeline.report;

/**
 * What GoAccess counts as a static file: a request whose path ends (query string included, so
 * {@code /a.css?v=1} is not static) in one of the extensions of its stock configuration, compared
 * without regard to case.
 */
final class StaticFiles {

    private static final String[] EXTENSIONS = {
        ".css", ".js", ".jpg", ".png", ".gif", ".ico", ".jpeg", ".pdf", ".csv", ".mpeg", ".mpg", ".swf",
        ".woff", ".woff2", ".xls", ".xlsx", ".doc", ".docx", ".ppt", ".pptx", ".txt", ".zip", ".ogg", ".mp3",
        ".mp4", ".exe", ".iso", ".gz", ".rar", ".svg", ".bmp", ".tar", ".tgz", ".tiff", ".tif", ".ttf", ".flv",
        ".dmg", ".xz", ".zst",
    };
    private static final byte[][] BYTES = new byte[EXTENSIONS.length][];

    static {
        for (int i = 0; i < EXTENSIONS.length; i++) {
            BYTES[i] = EXTENSIONS[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private StaticFiles() {
    }

    /** True if {@code data[start, end)} (a request path) names a static file; the path must be longer than the extension. */
    static boolean isStatic(byte[] data, int start, int end) {
        int length = end - start;
        if (length < 3 || data[end - 1] == '/') {
            return false;
        }
        outer:
        for (byte[] ext : BYTES) {
            if (length <= ext.length) {
                continue;
            }
            int from = end - ext.length;
            for (int i = 0; i < ext.length; i++) {
                if ((data[from + i] | 0x20) != ext[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean isStatic(String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return isStatic(bytes, 0, bytes.length);
    }
}
