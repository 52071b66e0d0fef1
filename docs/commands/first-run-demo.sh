ADMIN=${ADMIN:-http://localhost:8080/gatehouse-admin/api}
ADMIN_USER=${ADMIN_USER:-alice} ADMIN_PASSWORD=${ADMIN_PASSWORD:-change-me-now}
DEMO_URL=${DEMO_URL:-http://localhost:9090/mcp}
curl -fsS -u "$ADMIN_USER:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name":"Gatehouse demo server","slug":"demo","url":"'"$DEMO_URL"'"}' "$ADMIN/servers"
curl -fsS -u "$ADMIN_USER:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name":"Quickstart","slug":"quickstart","servers":[{"server":"demo"}]}' "$ADMIN/gateways"
