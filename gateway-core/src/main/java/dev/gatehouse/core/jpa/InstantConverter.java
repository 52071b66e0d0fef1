package dev.gatehouse.core.jpa;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Stores instants, at microseconds (the precision every supported database keeps, so a value reads back as
 * written), in {@code TIMESTAMP WITH TIME ZONE} columns (V5): the column holds the instant itself, so what
 * one node writes reads back the same on a node in any other time zone. (A {@code TIMESTAMP} without zone
 * was written and read through each JVM's default zone, which made records written in Berlin fail
 * verification in UTC.) JPA 3.1 does not map {@link Instant} itself.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Object> {
    /** The instant in UTC; bound by EclipseLink as the instant it stands for. */
    @Override
    public Object convertToDatabaseColumn(Instant value) {
        return toColumn(value);
    }

    /**
     * Whatever the driver read from the zoned column, as is ({@code Object}, so that EclipseLink does not
     * convert it on the way through the JVM's default time zone, nor cut it to milliseconds).
     */
    @Override
    public Instant convertToEntityAttribute(Object value) {
        return fromColumn(value);
    }

    /** The value to bind for a zoned column in plain JDBC ({@code setObject}): the instant, in UTC. */
    public static OffsetDateTime toColumn(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /**
     * The instant a native query or an aggregate handed back for a zoned column, whichever type the driver
     * chose (H2 gives {@link OffsetDateTime}, PostgreSQL {@link Timestamp}); null stays null.
     *
     * @throws IllegalStateException for a value without zone, which would depend on this JVM's time zone
     */
    public static Instant fromColumn(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        throw new IllegalStateException("a stored time must carry its zone, not " + value.getClass().getName());
    }
}
