package dev.gatehouse.admin.http;

import java.util.Objects;
import java.util.function.Function;

/**
 * A value or the {@link Problem} that prevented it: how the steps of a request (read the body, read
 * its fields, call a store) hand failures on without throwing.
 */
public sealed interface Result<T> permits Result.Ok, Result.Failed {
    /** The step succeeded. */
    record Ok<T>(T value) implements Result<T> {
    }

    /** The step failed; the request ends with this problem. */
    record Failed<T>(Problem problem) implements Result<T> {
        public Failed {
            Objects.requireNonNull(problem, "problem");
        }
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> failed(Problem problem) {
        return new Failed<>(problem);
    }

    /** The next step, run only if this one succeeded. */
    @SuppressWarnings("unchecked")
    default <U> Result<U> then(Function<? super T, Result<U>> next) {
        return this instanceof Ok<T> ok ? next.apply(ok.value()) : (Result<U>) this;
    }

    @SuppressWarnings("unchecked")
    default <U> Result<U> map(Function<? super T, U> f) {
        return this instanceof Ok<T> ok ? new Ok<>(f.apply(ok.value())) : (Result<U>) this;
    }

    /** The reply for the value, or the problem. */
    default Reply reply(Function<? super T, Reply> f) {
        return this instanceof Ok<T> ok ? f.apply(ok.value()) : ((Failed<T>) this).problem();
    }
}
