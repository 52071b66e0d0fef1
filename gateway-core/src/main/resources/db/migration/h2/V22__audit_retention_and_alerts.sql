-- Audit retention (docs/operations.md): a policy per gateway ('*': records of no gateway and of gateways
-- without a policy of their own), and the archives retention wrote before it deleted records. Each archive
-- covers runs of consecutive records of one node's chain; a run names its first record's link and its last
-- record's hash and is signed (HMAC under a key derived from the audit chain key), so verify can prove the
-- chain continuous across what was deleted, and a forged run does not verify.
CREATE TABLE gh_retention_policy (
    gateway VARCHAR(64) NOT NULL,
    max_age_days INTEGER,
    max_records BIGINT,
    updated_by VARCHAR(200),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (gateway)
);

CREATE TABLE gh_audit_archive (
    id VARCHAR(36) NOT NULL,
    file_name VARCHAR(300) NOT NULL,
    file_sha256 VARCHAR(64) NOT NULL,
    records BIGINT NOT NULL,
    created_by VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    signature VARCHAR(64) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_audit_archive_run (
    id VARCHAR(36) NOT NULL,
    archive_id VARCHAR(36) NOT NULL,
    node_id VARCHAR(64) NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    first_previous_hash VARCHAR(64),
    last_hash VARCHAR(64) NOT NULL,
    signature VARCHAR(64) NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_audit_archive_run_node ON gh_audit_archive_run (node_id, first_seq);

-- Alerts (docs/operations.md): where notifications go (a webhook, signed like rule webhooks) and the spike
-- thresholds; one row. The signing secret is sealed like upstream credentials.
CREATE TABLE gh_alert_config (
    id VARCHAR(16) NOT NULL,
    webhook_url VARCHAR(2000) NOT NULL,
    sealed_secret VARCHAR(4000),
    error_rate_percent INTEGER NOT NULL,
    min_calls INTEGER NOT NULL,
    refusals_per_minute INTEGER NOT NULL,
    updated_by VARCHAR(200),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id)
);
