-- A rule-engine webhook's signing secret (issue 8), sealed like upstream credentials (AES-256-GCM under the
-- sealing key kept outside the database); null for rules that do not sign. IF NOT EXISTS: a data folder
-- adopted from a build before migrations may already have the column (its tables followed the entities).
ALTER TABLE gh_rule ADD COLUMN IF NOT EXISTS webhook_secret_sealed VARCHAR(4096);
