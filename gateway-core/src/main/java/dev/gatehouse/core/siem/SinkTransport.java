package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;

import java.io.IOException;
import java.util.List;

/**
 * Carries batches of audit records to one receiver. HTTP receivers acknowledge each batch (a send that
 * returns means the receiver stored it); a syslog stream acknowledges nothing, so its worker counts a
 * record as delivered only once the connection stayed open for a while after it was written ({@link #open}).
 */
public interface SinkTransport extends AutoCloseable {
    /** Delivers the batch, in order; throws when the receiver cannot be reached or refused it. */
    void send(List<AuditEvent> batch) throws IOException;

    /** True when a {@link #send} that returned means the receiver has the records. */
    boolean acknowledges();

    /** For a stream: true while the receiver keeps the connection open (it has not closed or reset it). */
    default boolean open() {
        return true;
    }

    @Override
    void close();
}
