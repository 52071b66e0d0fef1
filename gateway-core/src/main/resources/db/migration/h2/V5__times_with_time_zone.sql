-- Every stored time becomes a TIMESTAMP WITH TIME ZONE (issue 14): a TIMESTAMP without zone was written and
-- read through the JVM's default time zone, so a record written by a node in Berlin failed verification on a
-- node in UTC, and nodes in different zones disagreed on expiry. Existing values are the local times of the
-- JVM that wrote them; they are read in ${legacyTimeZone}, the default time zone of the JVM running this
-- migration (set -Duser.timezone for the migrating process if the nodes ran in another zone; docs/cluster.md).
-- H2 converts a TIMESTAMP to TIMESTAMP WITH TIME ZONE in the session's time zone, set here for the conversion.
SET TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_upstream_server ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_gateway ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_host ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_host ALTER COLUMN deleted_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_connection ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_connection ALTER COLUMN deleted_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_api_token ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_api_token ALTER COLUMN expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_api_token ALTER COLUMN last_used_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_api_token ALTER COLUMN revoked_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_audit_event ALTER COLUMN event_time SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_mcp_session ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_mcp_session ALTER COLUMN ended_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_mcp_session ALTER COLUMN last_seen_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_rule ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_rule ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_rate_limit ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_rate_lease ALTER COLUMN expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_quarantine_server ALTER COLUMN enabled_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_tool_approval ALTER COLUMN approved_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_tool_approval ALTER COLUMN pending_since SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_pending_approval ALTER COLUMN decided_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_pending_approval ALTER COLUMN expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_pending_approval ALTER COLUMN requested_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_client ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_grant ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_grant ALTER COLUMN revoked_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_code ALTER COLUMN expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_code ALTER COLUMN used_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_token ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_token ALTER COLUMN expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE gh_oauth_token ALTER COLUMN revoked_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
SET TIME ZONE LOCAL;
