package dev.gatehouse.admin.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO-8601 instants from request input: {@code 2030-01-31T12:00:00Z} or with an offset, in the years 1 to 9999.
 * Java reads years up to ±999,999,999, which a database cannot hold (PostgreSQL's timestamps end in 294276): such
 * an instant reached the query and its error was answered as the database being unavailable (503).
 */
final class Instants {
    /** The first and last instants accepted: ISO-8601's four-digit years, which every supported database holds. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Instants() {
    }

    static Optional<Instant> parse(String text) {
        try {
            Instant instant = OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
