-- How Gatehouse authenticates as an upstream's OAuth client at its token and revocation endpoints
-- (client_secret_basic, client_secret_post or none): the method the registration answer named, else one the
-- authorization server's metadata lists (token_endpoint_auth_methods_supported). NULL on rows written before
-- it was kept: Basic with a secret, none without, as before.
ALTER TABLE gh_upstream_oauth_client ADD COLUMN IF NOT EXISTS token_auth_method VARCHAR(32);
