-- A consent grant remembers what the user approved (issue 14): the redirect URI and the resource, so a
-- request that differs in any of them (or in scope) shows the consent page again instead of issuing a
-- code at once; and when its tokens were last used (issue 13), coalesced like an API token's.
-- Times are stored with their zone, as every time since V5.
ALTER TABLE gh_oauth_grant ADD COLUMN redirect_uri VARCHAR(2000);
ALTER TABLE gh_oauth_grant ADD COLUMN resource VARCHAR(2000);
ALTER TABLE gh_oauth_grant ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
