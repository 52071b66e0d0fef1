-- Every stored time becomes a TIMESTAMP WITH TIME ZONE (issue 14): a TIMESTAMP without zone was written and
-- read through the JVM's default time zone, so a record written by a node in Berlin failed verification on a
-- node in UTC, and nodes in different zones disagreed on expiry. Existing values are the local times of the
-- JVM that wrote them; they are read in ${legacyTimeZone}, the default time zone of the JVM running this
-- migration (set -Duser.timezone for the migrating process if the nodes ran in another zone; docs/cluster.md).
ALTER TABLE gh_upstream_server
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_gateway
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_host
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN deleted_at TYPE TIMESTAMP WITH TIME ZONE USING deleted_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_connection
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN deleted_at TYPE TIMESTAMP WITH TIME ZONE USING deleted_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_api_token
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN expires_at TYPE TIMESTAMP WITH TIME ZONE USING expires_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN last_used_at TYPE TIMESTAMP WITH TIME ZONE USING last_used_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN revoked_at TYPE TIMESTAMP WITH TIME ZONE USING revoked_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_audit_event
    ALTER COLUMN event_time TYPE TIMESTAMP WITH TIME ZONE USING event_time AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_mcp_session
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN ended_at TYPE TIMESTAMP WITH TIME ZONE USING ended_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN last_seen_at TYPE TIMESTAMP WITH TIME ZONE USING last_seen_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_rule
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN updated_at TYPE TIMESTAMP WITH TIME ZONE USING updated_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_rate_limit
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_rate_lease
    ALTER COLUMN expires_at TYPE TIMESTAMP WITH TIME ZONE USING expires_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_quarantine_server
    ALTER COLUMN enabled_at TYPE TIMESTAMP WITH TIME ZONE USING enabled_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_tool_approval
    ALTER COLUMN approved_at TYPE TIMESTAMP WITH TIME ZONE USING approved_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN pending_since TYPE TIMESTAMP WITH TIME ZONE USING pending_since AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_pending_approval
    ALTER COLUMN decided_at TYPE TIMESTAMP WITH TIME ZONE USING decided_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN expires_at TYPE TIMESTAMP WITH TIME ZONE USING expires_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN requested_at TYPE TIMESTAMP WITH TIME ZONE USING requested_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_oauth_client
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_oauth_grant
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN revoked_at TYPE TIMESTAMP WITH TIME ZONE USING revoked_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_oauth_code
    ALTER COLUMN expires_at TYPE TIMESTAMP WITH TIME ZONE USING expires_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN used_at TYPE TIMESTAMP WITH TIME ZONE USING used_at AT TIME ZONE '${legacyTimeZone}';
ALTER TABLE gh_oauth_token
    ALTER COLUMN created_at TYPE TIMESTAMP WITH TIME ZONE USING created_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN expires_at TYPE TIMESTAMP WITH TIME ZONE USING expires_at AT TIME ZONE '${legacyTimeZone}',
    ALTER COLUMN revoked_at TYPE TIMESTAMP WITH TIME ZONE USING revoked_at AT TIME ZONE '${legacyTimeZone}';
