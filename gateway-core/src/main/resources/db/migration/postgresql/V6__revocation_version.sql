-- One row whose version every path that ends a credential raises in its own transaction (connection,
-- host or token revoked or disabled, break-glass, OAuth revocation, consent withdrawn): each node reads it
-- every 250 ms and, when it moved, checks again the credentials of what it holds open (listen streams,
-- calls in flight, calls held for approval) and cuts the ones now refused (docs/security.md).
CREATE TABLE gh_revocation_version (
    id INTEGER NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO gh_revocation_version (id, version) VALUES (1, 0);
-- OAuth access tokens held open are re-checked by public id.
CREATE INDEX ix_gh_oauth_token_public_id ON gh_oauth_token (public_id);
