-- Gatehouse's own authorization server (issue 9): OAuth clients, consent grants, authorization codes,
-- access and refresh tokens. Codes and tokens are stored only as SHA-256 digests.

CREATE TABLE gh_oauth_client (
    client_id VARCHAR(512) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    client_name VARCHAR(200) NOT NULL,
    redirect_uris VARCHAR(8000) NOT NULL,
    host_id VARCHAR(36),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (client_id)
);

CREATE TABLE gh_oauth_grant (
    id VARCHAR(36) NOT NULL,
    user_name VARCHAR(200) NOT NULL,
    client_id VARCHAR(512) NOT NULL,
    connection_id VARCHAR(36) NOT NULL,
    scope VARCHAR(200) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by VARCHAR(200),
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_oauth_grant_user ON gh_oauth_grant (user_name);
ALTER TABLE gh_oauth_grant ADD CONSTRAINT FK_gh_oauth_grant_connection_id FOREIGN KEY (connection_id) REFERENCES gh_connection (id);

CREATE TABLE gh_oauth_code (
    code_hash VARCHAR(64) NOT NULL,
    client_id VARCHAR(512) NOT NULL,
    grant_id VARCHAR(36) NOT NULL,
    redirect_uri VARCHAR(2000) NOT NULL,
    resource VARCHAR(2000) NOT NULL,
    scope VARCHAR(200) NOT NULL,
    code_challenge VARCHAR(128) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (code_hash)
);

CREATE TABLE gh_oauth_token (
    id VARCHAR(36) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    public_id VARCHAR(16) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    grant_id VARCHAR(36) NOT NULL,
    resource VARCHAR(2000) NOT NULL,
    scope VARCHAR(200) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    replaced_by VARCHAR(36),
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_oauth_token_grant ON gh_oauth_token (grant_id);
ALTER TABLE gh_oauth_token ADD CONSTRAINT uq_gh_oauth_token_hash UNIQUE (token_hash);
ALTER TABLE gh_oauth_token ADD CONSTRAINT FK_gh_oauth_token_grant_id FOREIGN KEY (grant_id) REFERENCES gh_oauth_grant (id);
