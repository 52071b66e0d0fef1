-- Alerts by e-mail (docs/operations.md#alerts): the addresses alerts are mailed to, comma separated; a
-- configuration may now have e-mail alone, so the webhook becomes optional.
ALTER TABLE gh_alert_config ADD COLUMN email_to VARCHAR(2000);
ALTER TABLE gh_alert_config ALTER COLUMN webhook_url DROP NOT NULL;

-- Scheduled retention (docs/operations.md#audit-retention): the one schedule a retention user set, when it is
-- next due, and the lease of the node running it (a node claims a due run by a conditional update, so one node
-- at a time runs it in a cluster); the last run's time and result.
CREATE TABLE gh_retention_schedule (
    id VARCHAR(16) NOT NULL,
    interval_minutes INTEGER NOT NULL,
    next_run_at TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_node VARCHAR(64),
    lease_until TIMESTAMP WITH TIME ZONE,
    last_run_at TIMESTAMP WITH TIME ZONE,
    last_result VARCHAR(2000),
    updated_by VARCHAR(200) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id)
);
