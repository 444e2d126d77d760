package io.trawler.execution.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Decodes the content of an {@code inline} input: a {@code data:} URL (RFC 2397, base64 or
 * percent-encoded) or, for any other text, the text itself in UTF-8. The decoded size is worked out
 * from the encoded text and checked against the cap before anything is decoded.
 */
final class InlineData {

    private static final String SCHEME = "data:";

    private InlineData() {}

    static byte[] decode(String text, long maxBytes) throws StorageException {
        if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return checked(text.getBytes(StandardCharsets.UTF_8), maxBytes);
        }
        int comma = text.indexOf(',');
        if (comma < 0) {
            throw StorageException.input("the data URL has no ',' before its data");
        }
        String header = text.substring(SCHEME.length(), comma).toLowerCase(Locale.ROOT);
        String payload = text.substring(comma + 1);
        if (header.endsWith(";base64")) {
            return decodeBase64(payload, maxBytes);
        }
        return decodePercent(payload, maxBytes);
    }

    private static byte[] decodeBase64(String payload, long maxBytes) throws StorageException {
        String compact = payload.replaceAll("\\s+", "");
        long size = base64Size(compact);
        checkSize(size, maxBytes);
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw StorageException.input("the data URL is not valid base64: " + e.getMessage(), e);
        }
    }

    private static long base64Size(String compact) {
        int padding = 0;
        for (int i = compact.length() - 1; i >= 0 && compact.charAt(i) == '='; i--) {
            padding++;
        }
        return compact.length() * 3L / 4 - padding;
    }

    private static byte[] decodePercent(String payload, long maxBytes) throws StorageException {
        checkSize(percentDecodedSize(payload), maxBytes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length());
        int i = 0;
        while (i < payload.length()) {
            char c = payload.charAt(i);
            if (c == '%' && isEscape(payload, i)) {
                bytes.write(Integer.parseInt(payload, i + 1, i + 3, 16));
                i += 3;
            } else {
                int end = i + Character.charCount(payload.codePointAt(i));
                bytes.writeBytes(payload.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toByteArray();
    }

    private static long percentDecodedSize(String payload) {
        long size = 0;
        int i = 0;
        while (i < payload.length()) {
            if (payload.charAt(i) == '%' && isEscape(payload, i)) {
                size++;
                i += 3;
            } else {
                int codePoint = payload.codePointAt(i);
                size += utf8Length(codePoint);
                i += Character.charCount(codePoint);
            }
        }
        return size;
    }

    private static boolean isEscape(String text, int at) {
        return at + 2 < text.length()
                && Character.digit(text.charAt(at + 1), 16) >= 0
                && Character.digit(text.charAt(at + 2), 16) >= 0;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    private static byte[] checked(byte[] bytes, long maxBytes) throws StorageException {
        checkSize(bytes.length, maxBytes);
        return bytes;
    }

    private static void checkSize(long size, long maxBytes) throws StorageException {
        if (size > maxBytes) {
            throw StorageException.input(
                    "the inline data is "
                            + size
                            + " bytes once decoded; this worker accepts at most "
                            + maxBytes);
        }
    }
}
