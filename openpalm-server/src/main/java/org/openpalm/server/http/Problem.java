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

    public Problem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = Objects.requireNonNull(type);
        this.title = Objects.requireNonNull(title);
        this.errors = List.copyOf(errors);
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
