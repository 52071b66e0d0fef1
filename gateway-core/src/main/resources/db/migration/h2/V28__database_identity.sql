-- This database's identity: one row with a random id, made once by this migration and never changed. A
-- node's audit journal records the id of the database it ships into, so that a journal written against
-- one database (a try-out on H2) is never shipped into another (PostgreSQL) under another key (docs/audit.md).
CREATE TABLE gh_database_identity (
    id VARCHAR(36) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO gh_database_identity (id) VALUES (CAST(RANDOM_UUID() AS VARCHAR(36)));
