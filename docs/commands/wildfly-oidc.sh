PROVIDER_URL=${PROVIDER_URL:-https://keycloak.example.com/realms/corp}
CLIENT_ID=${CLIENT_ID:-gatehouse-console}
CONSOLE_URL=${CONSOLE_URL:-https://gatehouse.example.com/gatehouse-admin/}
SIGN_OUT_URL=${SIGN_OUT_URL:-$PROVIDER_URL/protocol/openid-connect/logout?client_id=$CLIENT_ID&post_logout_redirect_uri=$CONSOLE_URL}
"$WILDFLY/bin/jboss-cli.sh" --connect --controller="${CONTROLLER:-localhost:9990}" <<EOF2
/subsystem=elytron-oidc-client/provider=corp:add(provider-url=$PROVIDER_URL, ssl-required=EXTERNAL, principal-attribute=preferred_username)
/subsystem=elytron-oidc-client/secure-deployment=gatehouse-admin.war:add(provider=corp, client-id=$CLIENT_ID, use-resource-role-mappings=false, token-store=cookie)
/subsystem=elytron-oidc-client/secure-deployment=gatehouse-admin.war/credential=secret:add(secret=\${env.GATEHOUSE_OIDC_SECRET})
/system-property=gatehouse.sign-out-url:add(value="$SIGN_OUT_URL")
reload
EOF2
