-- Scope step-up (MCP authorization, "Scope Challenge Handling"): an upstream that answers a call 403 with
-- WWW-Authenticate: Bearer error="insufficient_scope", scope="..." marks the OAuth identity the call used
-- NEEDS_REAUTHORIZATION and records here the scopes its next sign-in asks for: the union of what it was granted
-- (or asked) and what the challenge names. A new grant clears it.
ALTER TABLE gh_upstream_identity ADD COLUMN wanted_scope VARCHAR(2000);
