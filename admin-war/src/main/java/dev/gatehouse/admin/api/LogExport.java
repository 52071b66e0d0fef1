package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.LogEntryView;
import dev.gatehouse.admin.http.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The export formats of the audit log. Both carry exactly the fields of {@link LogEntryView}, in its
 * order, so an export and {@code GET /api/logs} never disagree on what a record is.
 * <ul>
 *   <li>CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they need it. Audit fields such
 *   as tool names and user agents come from clients, so text is defused as OWASP's CSV Injection page
 *   says: a field that a spreadsheet could run as a formula gets a leading apostrophe, that is one whose
 *   first character after any leading spaces or quotes is {@code = + - @}, tab, CR or LF (or their
 *   full-width forms), or that has such a character after a separator ({@code , ; | tab}); and every
 *   field that holds a separator is quoted, so a spreadsheet that splits on {@code ;} in its locale
 *   cannot cut {@code a;=cmd} into a cell of its own.</li>
 *   <li>JSON Lines: one JSON object per line, as {@code GET /api/logs} writes each record.</li>
 * </ul>
 */
enum LogExport {
    CSV("csv", "text/csv; charset=utf-8"),
    JSONL("jsonl", "application/jsonl");

    /** The record's fields; its {@code cursor} (a reader's position in the API, not part of the record) stays out of CSV. */
    private static final RecordComponent[] FIELDS = Arrays.stream(LogEntryView.class.getRecordComponents())
            .filter(c -> !c.getName().equals("cursor")).toArray(RecordComponent[]::new);
    /** What makes a spreadsheet cell a formula (OWASP CSV Injection), ASCII and full-width. */
    private static final String FORMULA_START = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20";
    /** What spreadsheets split cells on, depending on their locale and import settings. */
    private static final String SEPARATORS = ",;|\t";

    private final String wireName;
    private final String mediaType;

    LogExport(String wireName, String mediaType) {
        this.wireName = wireName;
        this.mediaType = mediaType;
    }

    String wireName() {
        return wireName;
    }

    String mediaType() {
        return mediaType;
    }

    static Optional<LogExport> fromWire(String value) {
        return Arrays.stream(values()).filter(f -> f.wireName.equalsIgnoreCase(value)).findFirst();
    }

    /** What goes before the first record. */
    void writeHeader(OutputStream out) throws IOException {
        if (this == CSV) {
            String header = Arrays.stream(FIELDS).map(RecordComponent::getName).collect(Collectors.joining(","));
            out.write((header + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One record; I/O failures are unchecked so that this fits the audit log's sink. */
    void write(LogEntryView entry, OutputStream out) {
        try {
            if (this == JSONL) {
                out.write(Json.mapper().writeValueAsBytes(entry));
                out.write('\n');
            } else {
                String row = Arrays.stream(FIELDS).map(f -> csvField(value(f, entry))).collect(Collectors.joining(","));
                out.write((row + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Instant i ? i.toString() : String.valueOf(value);
        if (value instanceof String && couldRunAsFormula(text)) {
            text = "'" + text;
        }
        boolean quote = text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n' || c == ';'
                || c == '\t' || c == '|') || !text.equals(text.strip());
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** A formula trigger at the start of the text or of any part a separator could cut off. */
    private static boolean couldRunAsFormula(String text) {
        boolean atCellStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (atCellStart && FORMULA_START.indexOf(c) >= 0) {
                return true;
            }
            if (SEPARATORS.indexOf(c) >= 0) {
                atCellStart = true;
            } else if (!(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '"' || c == '\'')) {
                atCellStart = false;
            }
        }
        return false;
    }

    private static Object value(RecordComponent field, LogEntryView entry) {
        try {
            return field.getAccessor().invoke(entry);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + field.getName(), e);
        }
    }

    /** A file name such as {@code gatehouse-audit-20300101T000000Z.csv}. */
    String fileName(Instant at) {
        String stamp = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("-", "").replace(":", "");
        return "gatehouse-audit-" + stamp + "." + wireName.toLowerCase(Locale.ROOT);
    }
}
