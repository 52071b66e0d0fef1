package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.text.LogText;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Streams this node's audit chain to one sink on a thread of its own, so a slow or dead sink delays
 * nothing but itself: calls only ever write the audit table, and this worker reads it behind them.
 * <p>
 * At least once, in order: the worker sends records in sequence order from the sink's persisted cursor
 * and moves the cursor only over records the receiver has (an HTTP batch answered 2xx; a syslog record
 * written at least {@link StreamSettings#settle()} before a check found the connection still open). Any
 * failure closes the transport and resumes from the cursor, after a growing pause; so does a restart. A
 * receiver therefore sees every record, some more than once, and deduplicates by the record id.
 */
final class SinkWorker {
    private static final System.Logger LOG = System.getLogger(SinkWorker.class.getName());

    /** Opens a sink's transport (connects a syslog stream; nothing yet for HTTP). */
    interface Transports {
        SinkTransport open(AuditSink sink) throws IOException;
    }

    private record Sent(long sequence, Long recordId, long atNanos) {
    }

    private final AuditSink sink;
    private final AuditSinkStore store;
    private final ChainTail tail;
    private final String nodeId;
    private final StreamSettings settings;
    private final Clock clock;
    private final Transports transports;
    private final Thread thread;
    private final Object pause = new Object();
    private final ArrayDeque<Sent> unconfirmed = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile SinkTransport transport;
    private long sent;
    private Long gapSinceNanos;

    private volatile long delivered = -1;
    private volatile long failures;
    private volatile long consecutiveFailures;
    private volatile long skipped;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastDeliveryAt;

    SinkWorker(AuditSink sink, AuditSinkStore store, ChainTail tail, String nodeId, StreamSettings settings, Clock clock,
               Transports transports) {
        this.sink = sink;
        this.store = store;
        this.tail = tail;
        this.nodeId = nodeId;
        this.settings = settings;
        this.clock = clock;
        this.transports = transports;
        this.thread = new Thread(this::run, "gatehouse-audit-sink-" + sink.name());
        this.thread.setDaemon(true);
    }

    AuditSink sink() {
        return sink;
    }

    void start() {
        thread.start();
    }

    /** Stops the worker; what it sent but had not confirmed is sent again by the next worker (at least once). */
    void stop() {
        running = false;
        wake();
        SinkTransport open = transport;
        if (open != null) {
            open.close(); // unblocks a write to a receiver that stopped reading
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looks for new records now rather than at the next poll. */
    void wake() {
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    private void run() {
        while (running && delivered < 0) {
            try {
                delivered = store.cursor(sink.id(), nodeId).orElseGet(this::startingPoint);
                sent = delivered;
            } catch (RuntimeException e) {
                failed(e);
                sleep(backoff());
            }
        }
        while (running) {
            boolean more;
            try {
                more = step();
            } catch (IOException | RuntimeException e) {
                failed(e);
                sleep(backoff());
                continue;
            }
            if (!more) {
                sleep(settings.poll().toMillis());
            }
        }
        closeTransport();
    }

    private long startingPoint() {
        return sink.startMode() == StartMode.NOW ? tail.lastBefore(nodeId, sink.createdAt()) : 0;
    }

    /** One round: send the next batch, confirm what has settled; true when more records are waiting. */
    private boolean step() throws IOException {
        if (transport == null) {
            transport = transports.open(sink);
        }
        List<AuditEvent> batch = contiguous(tail.after(nodeId, sent, settings.batch()));
        if (!batch.isEmpty()) {
            transport.send(batch);
            AuditEvent last = batch.get(batch.size() - 1);
            sent = last.nodeSequence();
            lastDeliveryAt = clock.instant();
            if (transport.acknowledges()) {
                confirm(sent, last.id());
            } else {
                unconfirmed.add(new Sent(sent, last.id(), System.nanoTime()));
            }
        }
        settle();
        return batch.size() == settings.batch();
    }

    /** Confirms the newest record written at least the settle time ago, if the stream is still open. */
    private void settle() throws IOException {
        long cutoff = System.nanoTime() - settings.settle().toNanos();
        Sent ready = null;
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().atNanos() - cutoff <= 0) {
            ready = unconfirmed.pollFirst();
        }
        if (ready == null) {
            return;
        }
        if (!transport.open()) {
            throw new IOException("the receiver closed the connection");
        }
        confirm(ready.sequence(), ready.recordId());
    }

    /**
     * The records that follow the last sent one without a hole. A hole (a record not yet in the table, or
     * purged) is waited for up to the grace time, then passed over: logged as an error and counted, never silently.
     */
    private List<AuditEvent> contiguous(List<AuditEvent> read) {
        if (read.isEmpty()) {
            return read;
        }
        if (sent > 0 && read.get(0).nodeSequence() != sent + 1) {
            if (gapSinceNanos == null) {
                gapSinceNanos = System.nanoTime();
            }
            if (System.nanoTime() - gapSinceNanos < settings.gapGrace().toNanos()) {
                return List.of();
            }
            long missing = read.get(0).nodeSequence() - 1 - sent;
            skipped += missing;
            LOG.log(System.Logger.Level.ERROR, "audit sink '" + LogText.safe(sink.name()) + "' SKIPPED " + missing
                    + " record(s): sequences " + (sent + 1) + " to " + (read.get(0).nodeSequence() - 1) + " of node "
                    + LogText.safe(nodeId) + " are not in the audit table after " + settings.gapGrace().toMillis()
                    + " ms (" + StreamSettings.GAP_GRACE_SETTING + "); the receiver will not get them (deleted records, or"
                    + " a journal shipping later than that: raise the setting); " + skipped + " skipped since start");
        }
        gapSinceNanos = null;
        List<AuditEvent> run = new ArrayList<>(read.size());
        long expected = read.get(0).nodeSequence();
        for (AuditEvent e : read) {
            if (e.nodeSequence() != expected++) {
                break;
            }
            run.add(e);
        }
        return run;
    }

    private void confirm(long sequence, Long recordId) {
        store.advance(sink.id(), nodeId, sequence, recordId);
        delivered = Math.max(delivered, sequence);
        consecutiveFailures = 0;
    }

    private void failed(Exception e) {
        failures++;
        long n = ++consecutiveFailures;
        lastError = LogText.cause(e);
        lastErrorAt = clock.instant();
        if (n == 1 || n % 20 == 0) {
            LOG.log(System.Logger.Level.WARNING, "audit sink '" + LogText.safe(sink.name()) + "' (" + sink.kind().wireName()
                    + ") failed " + n + " time(s) in a row, resuming after record " + Math.max(delivered, 0) + " of node "
                    + LogText.safe(nodeId) + ": " + lastError);
        }
        closeTransport();
        sent = Math.max(delivered, 0);
        unconfirmed.clear();
        gapSinceNanos = null;
    }

    private long backoff() {
        long n = Math.min(consecutiveFailures, 10);
        return Math.min(settings.maxBackoff().toMillis(), 250L << Math.max(0, n - 1));
    }

    private void closeTransport() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    private void sleep(long millis) {
        if (!running) {
            return;
        }
        synchronized (pause) {
            try {
                TimeUnit.MILLISECONDS.timedWait(pause, millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    long deliveredSequence() {
        return Math.max(delivered, 0);
    }

    long failureCount() {
        return failures;
    }

    long consecutiveFailureCount() {
        return consecutiveFailures;
    }

    long skippedCount() {
        return skipped;
    }

    /** This sink's state on this node; reads the chain head from the database. */
    SinkStatus status() {
        long head = -1;
        Instant oldest = null;
        long confirmed = Math.max(delivered, 0);
        try {
            head = tail.head(nodeId);
            if (head > confirmed) {
                oldest = tail.firstTimeAfter(nodeId, confirmed).orElse(null);
            }
        } catch (RuntimeException e) {
            // the database is away: the status says so by an unknown head
        }
        return new SinkStatus(sink.id(), sink.name(), sink.kind().wireName(), nodeId, confirmed, head,
                head < 0 ? -1 : Math.max(0, head - confirmed), oldest, failures, consecutiveFailures, lastError,
                lastErrorAt, lastDeliveryAt, skipped);
    }
}
