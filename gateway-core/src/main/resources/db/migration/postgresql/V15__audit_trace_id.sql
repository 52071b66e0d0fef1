-- Traces (docs/operations.md): the W3C trace id of the request's span, 32 lower-case hex digits, so an
-- audit record leads to its trace in the tracing backend and back. Null when tracing is off, and on every
-- record written before; the hash chain covers it only when present, so older records verify unchanged.
-- IF NOT EXISTS: a data folder adopted from a build before migrations may already have the column (its
-- tables followed the entities).
ALTER TABLE gh_audit_event ADD COLUMN IF NOT EXISTS trace_id VARCHAR(32);
CREATE INDEX IF NOT EXISTS ix_gh_audit_event_trace ON gh_audit_event (trace_id);
