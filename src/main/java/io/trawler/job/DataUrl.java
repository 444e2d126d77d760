package io.trawler.job;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * An RFC 2397 {@code data:} URL, the form in which {@code inline} storage carries its content:
 * {@code data:[<media type>][;base64],<payload>}.
 *
 * <p>Parsing checks the whole URL but decodes nothing: {@link #decodedSize()} is computed from the
 * length of the payload, so that a limit can be applied before any content is materialized.
 *
 * @param mediaType the media type with its parameters as written, empty when none was given
 * @param encoding how the payload is encoded
 * @param payload the text after the comma, still encoded
 */
public record DataUrl(String mediaType, Encoding encoding, String payload) {

    private static final String SCHEME = "data:";
    private static final String BASE64_MARKER = ";base64";
    private static final int MAX_MEDIA_TYPE_LENGTH = 256;

    /** How the payload of a data URL is encoded. */
    public enum Encoding {
        /** Standard base64 ({@code A-Z a-z 0-9 + /}), with or without {@code =} padding. */
        BASE64,
        /** Printable US-ASCII, with any other byte written as {@code %XX}. */
        PERCENT
    }

    /**
     * Parses a data URL.
     *
     * @throws IllegalArgumentException when {@code url} is not a well-formed data URL; the message
     *     says what is wrong
     */
    public static DataUrl parse(String url) {
        if (url == null || !url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new IllegalArgumentException("a data URL starts with data:");
        }
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("a data URL has a comma before its content");
        }
        String header = url.substring(SCHEME.length(), comma);
        String payload = url.substring(comma + 1);
        Encoding encoding = Encoding.PERCENT;
        if (header.toLowerCase(Locale.ROOT).endsWith(BASE64_MARKER)) {
            encoding = Encoding.BASE64;
            header = header.substring(0, header.length() - BASE64_MARKER.length());
        }
        checkMediaType(header);
        if (encoding == Encoding.BASE64) {
            checkBase64(payload);
        } else {
            checkPercentEncoded(payload);
        }
        return new DataUrl(header, encoding, payload);
    }

    /** The number of bytes the payload decodes to, computed without decoding it. */
    public long decodedSize() {
        if (encoding == Encoding.PERCENT) {
            long escapes = payload.chars().filter(c -> c == '%').count();
            return payload.length() - 2 * escapes;
        }
        int length = unpaddedLength(payload);
        return (long) length / 4 * 3 + Math.max(0, length % 4 - 1);
    }

    /** Decodes the payload. Check {@link #decodedSize()} against a limit first. */
    public byte[] decode() {
        if (encoding == Encoding.BASE64) {
            return Base64.getDecoder().decode(payload);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) decodedSize());
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(payload.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private static void checkMediaType(String mediaType) {
        if (mediaType.length() > MAX_MEDIA_TYPE_LENGTH) {
            throw new IllegalArgumentException(
                    "the media type of a data URL is at most "
                            + MAX_MEDIA_TYPE_LENGTH
                            + " characters");
        }
        for (int i = 0; i < mediaType.length(); i++) {
            char c = mediaType.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "the media type of a data URL holds a space, control or non-ASCII"
                                + " character");
            }
        }
    }

    private static void checkBase64(String payload) {
        int length = unpaddedLength(payload);
        int padding = payload.length() - length;
        for (int i = 0; i < length; i++) {
            if (!isBase64(payload.charAt(i))) {
                throw new IllegalArgumentException(
                        "character " + (i + 1) + " of the base64 content is not base64");
            }
        }
        if (length % 4 == 1 || (padding > 0 && payload.length() % 4 != 0)) {
            throw new IllegalArgumentException("the base64 content has a wrong length or padding");
        }
    }

    private static void checkPercentEncoded(String payload) {
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '%') {
                if (i + 2 >= payload.length()
                        || !isHex(payload.charAt(i + 1))
                        || !isHex(payload.charAt(i + 2))) {
                    throw new IllegalArgumentException(
                            "the % at character " + (i + 1) + " is not followed by two hex digits");
                }
                i += 2;
            } else if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "character "
                                + (i + 1)
                                + " of the content must be percent-encoded: it is a space,"
                                + " control or non-ASCII character");
            }
        }
    }

    /** The payload's length without up to two trailing {@code =}. */
    private static int unpaddedLength(String payload) {
        int length = payload.length();
        for (int pads = 0; pads < 2 && length > 0 && payload.charAt(length - 1) == '='; pads++) {
            length--;
        }
        return length;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/';
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
