-- Gatehouse schema, version 1, for PostgreSQL (production and clusters).
-- Matches the JPA entities in dev.gatehouse.core.jpa exactly (SchemaMatchesEntitiesTest checks it):
-- a change to an entity comes with a new V<n>__ script here and in ../h2.
-- Run as the schema owner; afterMigrate.sql then grants the runtime roles (docs/cluster.md).


CREATE TABLE gh_upstream_server (
    id VARCHAR(36) NOT NULL,
    auth_header_name VARCHAR(200),
    auth_secret_sealed VARCHAR(4096),
    connect_timeout_ms BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    enabled BOOLEAN NOT NULL,
    name VARCHAR(200) NOT NULL,
    read_timeout_ms BIGINT NOT NULL,
    slug VARCHAR(64) NOT NULL,
    transport VARCHAR(32) NOT NULL,
    url VARCHAR(2048) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_gateway (
    id VARCHAR(36) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    description VARCHAR(2000),
    name VARCHAR(200) NOT NULL,
    prefix_mode VARCHAR(16),
    prefix_separator VARCHAR(8),
    slug VARCHAR(64) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_gateway_server (
    id VARCHAR(36) NOT NULL,
    position INTEGER NOT NULL,
    prompts_exposure VARCHAR(16),
    prompts_selected VARCHAR(8000),
    resources_exposure VARCHAR(16),
    resources_selected VARCHAR(8000),
    tool_prefix VARCHAR(64),
    tools_exposure VARCHAR(16),
    tools_selected VARCHAR(8000),
    gateway_id VARCHAR(36) NOT NULL,
    server_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_host (
    id VARCHAR(36) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    deleted_at TIMESTAMP,
    deleted_by VARCHAR(200),
    description VARCHAR(2000),
    disabled BOOLEAN NOT NULL,
    kind VARCHAR(16) NOT NULL,
    name VARCHAR(200) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_connection (
    id VARCHAR(36) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    deleted_at TIMESTAMP,
    deleted_by VARCHAR(200),
    disabled BOOLEAN NOT NULL,
    gateway_id VARCHAR(36) NOT NULL,
    host_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_connection_host ON gh_connection (host_id);

CREATE TABLE gh_api_token (
    id VARCHAR(36) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    expires_at TIMESTAMP,
    last_used_at TIMESTAMP,
    public_id VARCHAR(16) NOT NULL,
    replaced_by VARCHAR(36),
    revoked_at TIMESTAMP,
    secret_hash VARCHAR(64) NOT NULL,
    connection_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_token_connection ON gh_api_token (connection_id);

CREATE TABLE gh_audit_event (
    id BIGINT NOT NULL,
    actor VARCHAR(200),
    bytes_in BIGINT,
    bytes_out BIGINT,
    client_address VARCHAR(64),
    correlation_id VARCHAR(64) NOT NULL,
    detail VARCHAR(1000),
    duration_us BIGINT,
    error_code INTEGER,
    gateway VARCHAR(64),
    hash VARCHAR(64) NOT NULL,
    host_id VARCHAR(36),
    host_name VARCHAR(200),
    http_status INTEGER,
    jsonrpc_id VARCHAR(256),
    kind VARCHAR(32) NOT NULL,
    mcp_session_id VARCHAR(256),
    method VARCHAR(128),
    node_id VARCHAR(64) NOT NULL,
    node_seq BIGINT NOT NULL,
    outcome VARCHAR(32) NOT NULL,
    previous_hash VARCHAR(64),
    server VARCHAR(64),
    event_time TIMESTAMP NOT NULL,
    token_issued_by VARCHAR(200),
    token_public_id VARCHAR(16),
    tool VARCHAR(256),
    upstream_duration_us BIGINT,
    user_agent VARCHAR(512),
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_audit_time ON gh_audit_event (event_time);
CREATE INDEX ix_gh_audit_correlation ON gh_audit_event (correlation_id);
CREATE INDEX ix_gh_audit_host ON gh_audit_event (host_id);

CREATE TABLE gh_mcp_session (
    id_hash VARCHAR(64) NOT NULL,
    client_capabilities VARCHAR(8000),
    connection_id VARCHAR(36) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    gateway_slug VARCHAR(64) NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    protocol_version VARCHAR(16) NOT NULL,
    PRIMARY KEY (id_hash)
);

CREATE TABLE gh_mcp_upstream_session (
    id VARCHAR(120) NOT NULL,
    protocol_version VARCHAR(16) NOT NULL,
    server_id VARCHAR(36) NOT NULL,
    session_hash VARCHAR(64) NOT NULL,
    upstream_session_sealed VARCHAR(4096),
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_mcp_upstream_session ON gh_mcp_upstream_session (session_hash);

CREATE TABLE gh_rule (
    id VARCHAR(36) NOT NULL,
    action VARCHAR(2000),
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    description VARCHAR(2000),
    detection VARCHAR(24000) NOT NULL,
    enabled BOOLEAN NOT NULL,
    gateway_slug VARCHAR(64) NOT NULL,
    hook VARCHAR(16) NOT NULL,
    host_ids VARCHAR(4000),
    name VARCHAR(200) NOT NULL,
    observe BOOLEAN NOT NULL,
    priority INTEGER NOT NULL,
    tool_pattern VARCHAR(256) NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR(200),
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_rule_gateway ON gh_rule (gateway_slug);

CREATE TABLE gh_rate_limit (
    id VARCHAR(36) NOT NULL,
    concurrent_calls INTEGER,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR(200),
    gateway_slug VARCHAR(64),
    host_id VARCHAR(36),
    name VARCHAR(200) NOT NULL,
    per_minute INTEGER,
    per_second INTEGER,
    scope VARCHAR(16) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_rate_lease (
    lease_key VARCHAR(300) NOT NULL,
    bucket VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    granted INTEGER NOT NULL,
    node_id VARCHAR(64),
    PRIMARY KEY (lease_key)
);
CREATE INDEX ix_gh_rate_lease_bucket ON gh_rate_lease (bucket);
CREATE INDEX ix_gh_rate_lease_expiry ON gh_rate_lease (expires_at);

CREATE TABLE gh_quarantine_server (
    server_id VARCHAR(36) NOT NULL,
    baseline_pending BOOLEAN NOT NULL,
    enabled_at TIMESTAMP NOT NULL,
    enabled_by VARCHAR(200),
    PRIMARY KEY (server_id)
);

CREATE TABLE gh_tool_approval (
    approval_key VARCHAR(400) NOT NULL,
    approved_at TIMESTAMP,
    approved_by VARCHAR(200),
    approved_definition VARCHAR(100000),
    approved_hash VARCHAR(64),
    pending_definition VARCHAR(100000),
    pending_hash VARCHAR(64),
    pending_since TIMESTAMP,
    server_id VARCHAR(36) NOT NULL,
    tool_name VARCHAR(300) NOT NULL,
    PRIMARY KEY (approval_key)
);
CREATE INDEX ix_gh_tool_approval_server ON gh_tool_approval (server_id);

CREATE TABLE gh_pending_approval (
    id VARCHAR(36) NOT NULL,
    arguments VARCHAR(64000),
    connection_id VARCHAR(36),
    correlation_id VARCHAR(64),
    decided_at TIMESTAMP,
    decided_by VARCHAR(200),
    expires_at TIMESTAMP NOT NULL,
    gateway_slug VARCHAR(64) NOT NULL,
    host_id VARCHAR(36),
    host_name VARCHAR(200),
    node_id VARCHAR(64),
    reason VARCHAR(1000),
    requested_at TIMESTAMP NOT NULL,
    rule_id VARCHAR(36),
    rule_name VARCHAR(200),
    server VARCHAR(64),
    status VARCHAR(16) NOT NULL,
    token_public_id VARCHAR(16),
    tool VARCHAR(256) NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_pending_approval_status ON gh_pending_approval (status);

ALTER TABLE gh_upstream_server ADD CONSTRAINT uq_gh_server_slug UNIQUE (slug);
ALTER TABLE gh_gateway ADD CONSTRAINT uq_gh_gateway_slug UNIQUE (slug);
ALTER TABLE gh_gateway_server ADD CONSTRAINT uq_gh_gateway_server UNIQUE (gateway_id, server_id);
ALTER TABLE gh_api_token ADD CONSTRAINT uq_gh_token_public_id UNIQUE (public_id);
ALTER TABLE gh_audit_event ADD CONSTRAINT uq_gh_audit_chain UNIQUE (node_id, node_seq);
ALTER TABLE gh_gateway_server ADD CONSTRAINT FK_gh_gateway_server_gateway_id FOREIGN KEY (gateway_id) REFERENCES gh_gateway (id);
ALTER TABLE gh_gateway_server ADD CONSTRAINT FK_gh_gateway_server_server_id FOREIGN KEY (server_id) REFERENCES gh_upstream_server (id);
ALTER TABLE gh_connection ADD CONSTRAINT FK_gh_connection_host_id FOREIGN KEY (host_id) REFERENCES gh_host (id);
ALTER TABLE gh_connection ADD CONSTRAINT FK_gh_connection_gateway_id FOREIGN KEY (gateway_id) REFERENCES gh_gateway (id);
ALTER TABLE gh_api_token ADD CONSTRAINT FK_gh_api_token_connection_id FOREIGN KEY (connection_id) REFERENCES gh_connection (id);

-- audit record ids (a table generator: EclipseLink 4.0.9 cannot keep a sequence under H2 2.x)
CREATE TABLE gh_sequence (
    seq_name VARCHAR(50) NOT NULL,
    seq_value NUMERIC(38),
    PRIMARY KEY (seq_name)
);
INSERT INTO gh_sequence(seq_name, seq_value) values ('audit_event', 0);
