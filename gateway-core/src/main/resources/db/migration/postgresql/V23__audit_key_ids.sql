-- Key ids per record (docs/cluster.md, "Re-keying"): every audit record names the audit chain key its hash
-- was made with (the key's id, its 16-digit key check value), so records chained before a re-key still
-- verify under the retired key while new records use the new one. Records from before V23 name none and
-- verify under whichever key the verifier holds that fits. Sealed values name their key in their own text
-- (v2:<key id>:...). No time column here (every stored time is TIMESTAMP WITH TIME ZONE, V5).
ALTER TABLE gh_audit_event ADD COLUMN IF NOT EXISTS key_id VARCHAR(16);
