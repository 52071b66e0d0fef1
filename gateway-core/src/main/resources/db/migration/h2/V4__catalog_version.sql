-- One row whose version every catalog write (gateways, servers, their assignments) raises in its own
-- transaction: a node keeps gateway records in memory and re-reads one only when this number moved, so a
-- change made through any node is seen by every node on its next request, at the cost of one
-- primary-key read instead of the gateway's whole graph.
CREATE TABLE gh_catalog_version (
    id INTEGER NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO gh_catalog_version (id, version) VALUES (1, 0);
