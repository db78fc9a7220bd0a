package org.openpalm.server.http;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem: thrown by request parsing (bad input) and rendered as
 * {@code application/problem+json}. Field errors name the offending field; they never echo its value.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One invalid field: a JSON path ({@code amount.minor}), header or form field, and why. */
    public record FieldError(String field, String reason) {}

    /** The JSON body of a problem. */
    public record Body(String type, String title, int status, String detail, List<FieldError> errors) {}

    private final int status;
    private final String type;
    private final String title;
    private final transient List<FieldError> errors;
    /** Seconds for a Retry-After header (429, 503); 0: none of its own. */
    private final long retryAfterSeconds;

    public Problem(int status, String type, String title, String detail, List<FieldError> errors) {
        this(status, type, title, detail, errors, 0);
    }

    private Problem(int status, String type, String title, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = Objects.requireNonNull(type);
        this.title = Objects.requireNonNull(title);
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A refusal the client should repeat later: 429 or 503 with {@code Retry-After: seconds}. */
    public static Problem retryLater(int status, String slug, String title, String detail, long seconds) {
        return new Problem(status, "https://openpalm.org/problems/" + slug, title, detail, List.of(), Math.max(1, seconds));
    }

    /** This problem, asking the client to repeat after {@code seconds} (429, 503). */
    public Problem retryAfter(long seconds) {
        return new Problem(status, type, title, getMessage(), errors, Math.max(1, seconds));
    }

    /** An image that arrived but cannot be used (not an image, cut short, too large, degenerate): 422 naming the field. */
    public static Problem badImage(String field, String reason) {
        return new Problem(422, "https://openpalm.org/problems/bad-image", "Image not usable", field + ": " + reason,
                List.of(new FieldError(field, reason)));
    }

    /** The Retry-After seconds this problem asks for, 0 when it names none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static Problem invalid(String field, String reason) {
        return new Problem(400, "https://openpalm.org/problems/invalid-request", "Invalid request",
                field + ": " + reason, List.of(new FieldError(field, reason)));
    }

    public static Problem invalid(List<FieldError> errors) {
        return new Problem(400, "https://openpalm.org/problems/invalid-request", "Invalid request",
                errors.size() + " invalid field(s)", errors);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, "https://openpalm.org/problems/" + slug, title, detail, List.of());
    }

    public int status() {
        return status;
    }

    public Body body() {
        return new Body(type, title, status, getMessage(), errors);
    }
}
