package dev.gatehouse.core.runtime;

import dev.gatehouse.core.audit.RefusalBook;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

/** The audit record of one interval's refusals that were counted rather than recorded one by one. */
final class RefusalSummaries {
    private RefusalSummaries() {
    }

    static AuditEvent record(RefusalBook.Summary s) {
        boolean throttled = s.reason().equals("THROTTLED");
        return AuditEvent.builder(AuditKind.AUTH_FAILURE, throttled ? Outcome.DENIED : Outcome.UNAUTHORIZED)
                .time(s.to()).clientAddress(s.address()).httpStatus(throttled ? 429 : 401)
                .detail(s.reason() + ": " + s.counted() + " more refusals from this address from " + s.from() + " to "
                        + s.to() + ", counted, not recorded one by one").build();
    }
}
