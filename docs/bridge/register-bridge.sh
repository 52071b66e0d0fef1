ADMIN=${ADMIN:-http://localhost:8080/gatehouse-admin/api}
ADMIN_USER=${ADMIN_USER:-admin} ADMIN_PASSWORD=${ADMIN_PASSWORD:-change-me-now}
BRIDGE_URL=${BRIDGE_URL:-http://127.0.0.1:9101/mcp}
BRIDGE_SECRET_FILE=${BRIDGE_SECRET_FILE:-/etc/gatehouse/bridge-files.secret}
SLUG=${SLUG:-files}
# the bridge secret becomes the server's credential header: sealed at rest, never returned
jq -n --arg slug "$SLUG" --arg url "$BRIDGE_URL" --arg secret "Bearer $(cat "$BRIDGE_SECRET_FILE")" \
  '{name: $slug, slug: $slug, url: $url, authHeaderName: "Authorization", authSecret: $secret}' |
  curl -fsS -u "$ADMIN_USER:$ADMIN_PASSWORD" -H 'Content-Type: application/json' -d @- "$ADMIN/servers"
