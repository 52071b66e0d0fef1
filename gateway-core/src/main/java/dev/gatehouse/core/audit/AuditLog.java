package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The append-only record of what every client and admin did. A record counts as written only once
 * it is durable; callers that must not act before that (a {@code tools/call}) use {@link #appendDurably}.
 */
public interface AuditLog {
    /** Queues the record; the future completes with the stored record once it is committed. */
    CompletableFuture<AuditEvent> append(AuditEvent event);

    /**
     * Appends and waits until the record is committed.
     *
     * @throws AuditUnavailable when it could not be committed in time: the caller must not proceed
     */
    default AuditEvent appendDurably(AuditEvent event) {
        return appendDurably(event, null);
    }

    /**
     * Appends and waits until the record is committed; if the wait ends first (the caller then refuses what
     * depended on it) but the record commits later, appends {@code ifLate} applied to the stored record, so
     * the log never shows a start without its end. {@code ifLate} may be null.
     *
     * @throws AuditUnavailable when it could not be committed in time: the caller must not proceed
     */
    AuditEvent appendDurably(AuditEvent event, java.util.function.UnaryOperator<AuditEvent> ifLate);

    /** Records matching the query, newest first. */
    default List<AuditEvent> query(AuditQuery query) {
        return page(query, null, false);
    }

    /**
     * Up to the query's {@code limit} records matching it that lie strictly beyond {@code after} (null: from the
     * newest, or from the oldest), newest first, or oldest first for a reader paging back towards the newest or
     * jumping to the oldest page. Keyset paging: as fast on the thousandth page as on the first.
     */
    List<AuditEvent> page(AuditQuery query, AuditCursor after, boolean oldestFirst);

    /**
     * Every record matching the filters, newest first, handed to {@code sink} page by page so that an
     * export of many records never holds them all in memory. The query's {@code limit} is ignored.
     *
     * @return how many records were handed over (at most {@code maxRows})
     */
    long scan(AuditQuery filters, long maxRows, Consumer<AuditEvent> sink);
}
