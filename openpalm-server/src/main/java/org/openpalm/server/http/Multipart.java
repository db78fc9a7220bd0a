package org.openpalm.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small multipart/form-data reader over the raw body (which the terminal signature covers, so
 * the body is read once as bytes). Returns each part's bytes by its name.
 */
public final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]{1,70})\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    private Multipart() {}

    public static Optional<String> boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Map<String, byte[]> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) throw Problem.invalid("body", "is not multipart/form-data with the declared boundary");
        while (true) {
            int start = pos + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') break; // closing delimiter
            start = skipLineBreak(body, start);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            if (headersEnd < 0) throw Problem.invalid("body", "has a multipart part without headers");
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int next = indexOf(body, delimiter, headersEnd + 4);
            if (next < 0) throw Problem.invalid("body", "has an unterminated multipart part");
            int contentEnd = next - 2; // CRLF before the delimiter
            Matcher name = NAME.matcher(headers);
            if (name.find() && contentEnd >= headersEnd + 4) parts.put(name.group(1), Arrays.copyOfRange(body, headersEnd + 4, contentEnd));
            pos = next;
        }
        return parts;
    }

    private static int skipLineBreak(byte[] b, int i) {
        if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') return i + 2;
        return i;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
