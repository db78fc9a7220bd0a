package org.openpalm.server.http;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/** Query string parsing for the GET routes: unknown and repeated parameters are refused, problems name the parameter. */
final class QueryParams {
    private final Context ctx;

    private QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    /** The query of {@code ctx}, refusing any parameter not in {@code known}. */
    static QueryParams of(Context ctx, Set<String> known) {
        for (var e : ctx.queryParamMap().entrySet()) {
            if (!known.contains(e.getKey())) throw Problem.invalid(e.getKey(), "is not a known parameter");
            if (e.getValue().size() > 1) throw Problem.invalid(e.getKey(), "is given more than once");
        }
        return new QueryParams(ctx);
    }

    /** The parameter, empty when absent or blank. */
    Optional<String> text(String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    Optional<LocalDate> date(String name) {
        return text(name).map(t -> {
            try {
                return LocalDate.parse(t);
            } catch (DateTimeParseException e) {
                throw Problem.invalid(name, "is not a date (YYYY-MM-DD)");
            }
        });
    }

    LocalDate requiredDate(String name) {
        return date(name).orElseThrow(() -> Problem.invalid(name, "is required (YYYY-MM-DD)"));
    }

    int integer(String name, int min, int max, int absent) {
        Optional<String> t = text(name);
        if (t.isEmpty()) return absent;
        int value;
        try {
            value = Integer.parseInt(t.get());
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, "must be a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) throw Problem.invalid(name, "must be a whole number from " + min + " to " + max);
        return value;
    }
}
