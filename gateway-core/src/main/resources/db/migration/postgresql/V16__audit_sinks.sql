-- Audit streaming to SIEMs (docs/operations.md): the sinks an admin configured, and per sink and writing
-- node the last audit record (node sequence) the sink has taken, so streaming resumes there after a
-- restart or a crash and never skips a record. The sink's secret (Splunk HEC token, Elastic
-- Authorization value) is sealed like upstream credentials.
CREATE TABLE gh_audit_sink (
    id VARCHAR(36) NOT NULL,
    name VARCHAR(200) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    target VARCHAR(2000) NOT NULL,
    payload_format VARCHAR(8) NOT NULL,
    sealed_secret VARCHAR(4000),
    ca_certificate VARCHAR(20000),
    index_name VARCHAR(200),
    start_mode VARCHAR(16) NOT NULL,
    created_by VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE gh_audit_sink_cursor (
    id VARCHAR(128) NOT NULL,
    sink_id VARCHAR(36) NOT NULL,
    node_id VARCHAR(64) NOT NULL,
    last_sequence BIGINT NOT NULL,
    last_record_id BIGINT,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_gh_audit_sink_cursor_sink ON gh_audit_sink_cursor (sink_id);
