# Audit retention, run as a user with the gatehouse-retention role (audit:retention); gatehouse-admin cannot.
ADMIN=${ADMIN:-http://localhost:8080/gatehouse-admin/api}
RETENTION_USER=${RETENTION_USER:-retention} RETENTION_PASSWORD=${RETENTION_PASSWORD:-change-me-retention}
OTHERS_MAX=${OTHERS_MAX:-1000000}
# 1. the policies: the quickstart gateway's records for 30 days; every other record, the newest $OTHERS_MAX
curl -fsS -u "$RETENTION_USER:$RETENTION_PASSWORD" -X PUT -H 'Content-Type: application/json' \
  -d '{"maxAgeDays":30}' "$ADMIN/retention/policies/quickstart"
curl -fsS -u "$RETENTION_USER:$RETENTION_PASSWORD" -X PUT -H 'Content-Type: application/json' \
  -d '{"maxRecords":'"$OTHERS_MAX"'}' "$ADMIN/retention/policies/*"
# 2. run them: the archive (gzip JSON lines) and its signed manifest are written first, then the records deleted
curl -fsS -u "$RETENTION_USER:$RETENTION_PASSWORD" -X POST "$ADMIN/retention/run"
# 3. the remaining chain is continuous across what was deleted, and every archive is intact
curl -fsS -u "$RETENTION_USER:$RETENTION_PASSWORD" "$ADMIN/audit/verify"
for id in $(curl -fsS -u "$RETENTION_USER:$RETENTION_PASSWORD" "$ADMIN/retention/archives" | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
  curl -fsS -u "$RETENTION_USER:$RETENTION_PASSWORD" "$ADMIN/retention/archives/$id/verify"
done
