ADMIN=${ADMIN:-http://localhost:8080/gatehouse-admin/api}
MCP=${MCP:-http://localhost:8080/gatehouse/mcp/quickstart}
ADMIN_USER=${ADMIN_USER:-admin} ADMIN_PASSWORD=${ADMIN_PASSWORD:-change-me-now}

# 1. An admin adds a token-based host under "Apps & Agents" (host names are unique: each run names a new one)
HOST_ID=$(curl -s -u "$ADMIN_USER:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name":"CI bot '"$(date +%s%N)"'","kind":"TOKEN"}' $ADMIN/hosts | jq -r .id)

# 2. ...and connects it to the demo gateway: the token is in this reply, and only in this one
CONNECTION=$(curl -s -u "$ADMIN_USER:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"gateway":"quickstart"}' $ADMIN/hosts/$HOST_ID/connections)
TOKEN=$(echo "$CONNECTION" | jq -r .token)
CONNECTION_ID=$(echo "$CONNECTION" | jq -r .id)

# 3. The agent lists the tools (no browser, no initialize needed)
curl -s $MCP -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'

# 4. ...and calls one
curl -s $MCP -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'

# 5. The admin reads the logs: each call attributed to host, token, user, gateway, server and tool
curl -s -u "$ADMIN_USER:$ADMIN_PASSWORD" "$ADMIN/logs?host=$HOST_ID&limit=10" | jq .

# 6. Deleting the connection revokes the token: the very next request gets 401
curl -s -u "$ADMIN_USER:$ADMIN_PASSWORD" -X DELETE $ADMIN/connections/$CONNECTION_ID -o /dev/null -w '%{http_code}\n'
curl -s -o /dev/null -w '%{http_code}\n' $MCP -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":3,"method":"tools/list"}'
