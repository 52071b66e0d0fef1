PROVIDER_URL=${PROVIDER_URL:-https://keycloak.example.com/realms/corp}
CLIENT_ID=${CLIENT_ID:-gatehouse-console}
CONSOLE_URL=${CONSOLE_URL:-https://gatehouse.example.com/gatehouse-admin/}
SIGN_OUT_URL=${SIGN_OUT_URL:-$PROVIDER_URL/protocol/openid-connect/logout?client_id=$CLIENT_ID&post_logout_redirect_uri=$CONSOLE_URL}
# the client secret from a file holding AS_ADMIN_ALIASPASSWORD=<secret>, into the aliases MicroProfile Config reads
$PAYARA/bin/asadmin --passwordfile "${SECRET_FILE:-oidc-secret.pw}" create-password-alias payara.security.openid.clientSecret
for setting in providerURI="$PROVIDER_URL" clientId="$CLIENT_ID" callerNameClaim=preferred_username callerGroupsClaim=groups; do
  $PAYARA/bin/asadmin set-config-property --source=domain \
    --propertyName="payara.security.openid.${setting%%=*}" --propertyValue="${setting#*=}"
done
escaped() { printf '%s' "$1" | sed 's/[=:]/\\&/g'; }
$PAYARA/bin/asadmin create-system-properties "gatehouse.sign-out-url=$(escaped "$SIGN_OUT_URL")"
