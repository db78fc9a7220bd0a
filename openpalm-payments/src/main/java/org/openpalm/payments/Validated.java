package org.openpalm.payments;

import java.util.Objects;
import java.util.function.Function;

/** The outcome of checking client input: a value, or the reason it was refused. */
public sealed interface Validated<T> {
    record Valid<T>(T value) implements Validated<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(String reason) implements Validated<T> {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Validated<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Validated<T> invalid(String reason) {
        return new Invalid<>(reason);
    }

    default <R> Validated<R> map(Function<T, R> f) {
        return switch (this) {
            case Valid<T> v -> new Valid<>(f.apply(v.value()));
            case Invalid<T> i -> new Invalid<>(i.reason());
        };
    }
}
