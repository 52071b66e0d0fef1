-- The key check value of each node key that must be the same on every node sharing this database: the
-- sealing key (upstream credentials, session ids) and the audit chain key. A check value is the first
-- 8 bytes of HMAC-SHA-256(key, 'gatehouse key check value'), in hex: it tells keys apart and reveals
-- nothing of them. The first node to start records its own; a node whose key differs refuses to start
-- and says which key, instead of failing later with 503s and false audit tamper alarms.
CREATE TABLE gh_key_check (
    key_name VARCHAR(32) NOT NULL,
    check_value VARCHAR(16) NOT NULL,
    recorded_by VARCHAR(128) NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (key_name)
);
