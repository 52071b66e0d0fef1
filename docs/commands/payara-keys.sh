KEYS=${KEYS:-/etc/gatehouse/keys.env}
. "$KEYS"
escaped() { printf '%s' "$1" | sed 's/[=:]/\\&/g'; }
PROPERTIES=gatehouse.sealing-key=$(escaped "$GATEHOUSE_SEALING_KEY"):gatehouse.audit-chain-key=$(escaped "$GATEHOUSE_AUDIT_CHAIN_KEY")
if [ -n "${GATEHOUSE_SEALING_OLD_KEYS:-}" ]; then
  PROPERTIES=$PROPERTIES:gatehouse.sealing-old-keys=$(escaped "$GATEHOUSE_SEALING_OLD_KEYS")
  PROPERTIES=$PROPERTIES:gatehouse.audit-chain-old-keys=$(escaped "$GATEHOUSE_AUDIT_CHAIN_OLD_KEYS")
fi
$PAYARA/bin/asadmin create-system-properties "$PROPERTIES"
