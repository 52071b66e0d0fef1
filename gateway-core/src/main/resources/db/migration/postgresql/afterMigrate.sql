-- Flyway callback, run after every migration run: grants the runtime roles of docs/cluster.md their
-- privileges on every table, including tables added by later versions. The audit table is append-only
-- for the application: it may read and insert audit records, never update or delete them; only the
-- retention role deletes (old records, under the retention policy). Only the tables' owner can grant,
-- so when Gatehouse itself runs as the application role (nothing to migrate) this block does nothing.
DO $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT tableowner FROM pg_tables
                                      WHERE schemaname = current_schema() AND tablename = 'gh_audit_event'), 'MEMBER') THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'gatehouse_app') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO gatehouse_app', current_schema());
        REVOKE UPDATE, DELETE, TRUNCATE ON gh_audit_event FROM gatehouse_app;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'gatehouse_retention') THEN
        GRANT SELECT, DELETE ON gh_audit_event TO gatehouse_retention;
    END IF;
END
$$;
