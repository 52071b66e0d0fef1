-- Upstream identities (issue 17): the credentials Gatehouse presents to an upstream server, each owned by one
-- user (owner NULL: the server's shared identity, the service account the admin chose) and tied to one server.
-- kind SECRET: a personal access token or API key sent in header_name; kind OAUTH: a grant Gatehouse holds as
-- the upstream's OAuth 2.1 client (access and refresh token, expiry, the upstream subject and client).
-- Every secret is sealed (AES-GCM under the node key, like the server credentials before). version is the
-- compare-and-set of a refresh: one refresh at a time per identity across the cluster.
CREATE TABLE gh_upstream_identity (
    id VARCHAR(36) NOT NULL,
    server_id VARCHAR(36) NOT NULL,
    owner VARCHAR(200),
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(32) NOT NULL,
    header_name VARCHAR(200),
    secret_sealed VARCHAR(8192),
    refresh_sealed VARCHAR(8192),
    expires_at TIMESTAMP WITH TIME ZONE,
    subject VARCHAR(500),
    client_id VARCHAR(2048),
    scope VARCHAR(2000),
    token_endpoint VARCHAR(2048),
    revocation_endpoint VARCHAR(2048),
    version BIGINT NOT NULL,
    refreshing_until TIMESTAMP WITH TIME ZONE,
    created_by VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id)
);
ALTER TABLE gh_upstream_identity ADD CONSTRAINT fk_gh_upstream_identity_server FOREIGN KEY (server_id) REFERENCES gh_upstream_server (id);
CREATE INDEX ix_gh_upstream_identity_owner ON gh_upstream_identity (owner, server_id);
CREATE INDEX ix_gh_upstream_identity_server ON gh_upstream_identity (server_id);

-- How Gatehouse is the OAuth client of an upstream server: found by discovery (RFC 9728, RFC 8414 / OpenID)
-- or entered by the admin; the client id registered dynamically (RFC 7591) or given with its secret.
CREATE TABLE gh_upstream_oauth_client (
    server_id VARCHAR(36) NOT NULL,
    issuer VARCHAR(2048),
    authorization_endpoint VARCHAR(2048),
    token_endpoint VARCHAR(2048),
    registration_endpoint VARCHAR(2048),
    revocation_endpoint VARCHAR(2048),
    resource VARCHAR(2048),
    scope VARCHAR(2000),
    client_id VARCHAR(2048),
    client_secret_sealed VARCHAR(4096),
    redirect_uri VARCHAR(2048),
    registered BOOLEAN NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (server_id)
);
ALTER TABLE gh_upstream_oauth_client ADD CONSTRAINT fk_gh_upstream_oauth_client_server FOREIGN KEY (server_id) REFERENCES gh_upstream_server (id);

-- A sign-in to an upstream in progress: the state sent to the upstream's authorization endpoint (stored
-- hashed), the user and the admin console session it is bound to (hashed), and the PKCE verifier (sealed).
CREATE TABLE gh_upstream_authorization (
    state_hash VARCHAR(64) NOT NULL,
    server_id VARCHAR(36) NOT NULL,
    owner VARCHAR(200) NOT NULL,
    session_hash VARCHAR(64) NOT NULL,
    verifier_sealed VARCHAR(4096) NOT NULL,
    redirect_uri VARCHAR(2048) NOT NULL,
    return_to VARCHAR(2048),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (state_hash)
);

-- The identity scheme of each server assignment: SHARED (the server's shared identity) or PER_USER (the
-- identity of the user who generated the connection's token). One server may be assigned twice on a gateway,
-- once per scheme, with distinct prefixes.
-- IF NOT EXISTS / IF EXISTS: a data folder adopted from a build before migrations had its tables follow the
-- entities, so the column (nullable) and the new constraint may be there already, the old one gone.
ALTER TABLE gh_gateway_server ADD COLUMN IF NOT EXISTS identity_scheme VARCHAR(16) DEFAULT 'SHARED';
UPDATE gh_gateway_server SET identity_scheme = 'SHARED' WHERE identity_scheme IS NULL;
ALTER TABLE gh_gateway_server ALTER COLUMN identity_scheme SET DEFAULT 'SHARED';
ALTER TABLE gh_gateway_server ALTER COLUMN identity_scheme SET NOT NULL;
ALTER TABLE gh_gateway_server DROP CONSTRAINT IF EXISTS uq_gh_gateway_server;
ALTER TABLE gh_gateway_server ADD CONSTRAINT uq_gh_gateway_server_scheme UNIQUE (gateway_id, server_id, identity_scheme);
