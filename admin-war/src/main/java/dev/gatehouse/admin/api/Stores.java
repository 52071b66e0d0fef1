package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.store.RequestRejected;

import java.util.function.Supplier;

/**
 * The boundary to the core stores, which refuse a change by throwing {@link RequestRejected}: here that
 * refusal becomes a {@link Problem} value (INVALID 400, NOT_FOUND 404, CONFLICT 409, STALE 412), carrying the core's
 * message, which is written to be shown. Other failures are not refusals and propagate.
 */
final class Stores {
    private Stores() {
    }

    static <T> Result<T> attempt(Supplier<T> call) {
        try {
            return Result.ok(call.get());
        } catch (RequestRejected e) {
            return Result.failed(problem(e));
        }
    }

    static Problem problem(RequestRejected e) {
        return switch (e.reason()) {
            case INVALID -> Problem.badRequest(e.getMessage());
            case NOT_FOUND -> Problem.notFound(e.getMessage());
            case CONFLICT -> Problem.conflict(e.getMessage());
            case STALE -> Problem.preconditionFailed(e.getMessage());
        };
    }
}
