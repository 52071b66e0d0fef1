#!/usr/bin/env bash
# Payara Server for the tests, as docs/deploy-payara.md sets one up: a domain on its own ports (so a
# developer's other servers on 8080/4848 do not collide), started, with a Gatehouse admin in the file
# realm. "stop" stops it again. Arquillian then deploys the EAR into the running domain.
set -euo pipefail
PAYARA_HOME=$1 DOMAIN=$2 PORTBASE=$3 ACTION=$4
ASADMIN="$PAYARA_HOME/bin/asadmin"
if [ "$ACTION" = stop ]; then
  "$ASADMIN" stop-domain "$DOMAIN" || true
  exit 0
fi
# a new domain each run: its embedded H2 default database and its deployments start empty
if [ -d "$PAYARA_HOME/glassfish/domains/$DOMAIN" ]; then
  "$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
  "$ASADMIN" delete-domain "$DOMAIN"
fi
"$ASADMIN" --user admin create-domain --nopassword=true --portbase "$PORTBASE" "$DOMAIN"
# Payara 6.2025.9 now and then dies while starting a freshly created domain (an NPE in its own monitoring
# configuration, before any application is deployed); a second, fresh domain starts
if ! "$ASADMIN" start-domain "$DOMAIN"; then
  echo "start-domain failed; creating the domain afresh and starting it once more" >&2
  "$ASADMIN" stop-domain "$DOMAIN" >/dev/null 2>&1 || true
  "$ASADMIN" delete-domain "$DOMAIN"
  "$ASADMIN" --user admin create-domain --nopassword=true --portbase "$PORTBASE" "$DOMAIN"
  "$ASADMIN" start-domain "$DOMAIN"
fi
ADMIN_PORT=$((PORTBASE + 48))
PASSWORDS=$(mktemp)
trap 'rm -f "$PASSWORDS"' EXIT
printf 'AS_ADMIN_USERPASSWORD=%s\n' "$GATEHOUSE_IT_ADMIN_PASSWORD" > "$PASSWORDS"
"$ASADMIN" --port "$ADMIN_PORT" delete-file-user "$GATEHOUSE_IT_ADMIN_USER" >/dev/null 2>&1 || true
"$ASADMIN" --port "$ADMIN_PORT" --passwordfile "$PASSWORDS" create-file-user --groups gatehouse-admin "$GATEHOUSE_IT_ADMIN_USER"
"$ASADMIN" --port "$ADMIN_PORT" create-system-properties "gatehouse.data=$GATEHOUSE_IT_DATA"
# the domain's default database lies in the build folder, which may itself be under the temporary folder
"$ASADMIN" --port "$ADMIN_PORT" create-system-properties "gatehouse.temporary-database=allow"
