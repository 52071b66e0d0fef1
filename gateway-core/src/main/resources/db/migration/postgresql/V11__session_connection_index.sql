-- Live sessions are counted per connection when a session opens (max-sessions-per-connection), and the
-- least recently used ones found to evict: one index serves both.
CREATE INDEX IF NOT EXISTS ix_gh_mcp_session_connection ON gh_mcp_session (connection_id, last_seen_at);
