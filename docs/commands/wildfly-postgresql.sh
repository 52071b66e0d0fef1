DB_URL=${DB_URL:-jdbc:postgresql://db.example.com:5432/gatehouse}
DB_USER=${DB_USER:-gatehouse_app} DB_PASSWORD=${DB_PASSWORD:-change-me-app}
"$WILDFLY/bin/jboss-cli.sh" --connect --controller="${CONTROLLER:-localhost:9990}" <<EOF2
module add --name=org.postgresql --resources=postgresql-42.7.14.jar --dependencies=java.sql,java.naming,jakarta.transaction.api
/subsystem=datasources/jdbc-driver=postgresql:add(driver-name=postgresql,driver-module-name=org.postgresql,driver-xa-datasource-class-name=org.postgresql.xa.PGXADataSource)
data-source add --name=GatehouseDS --jndi-name=java:jboss/datasources/GatehouseDS --driver-name=postgresql --connection-url=$DB_URL --user-name=$DB_USER --password=$DB_PASSWORD --min-pool-size=2 --max-pool-size=32 --validate-on-match=true --background-validation=false --valid-connection-checker-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker --exception-sorter-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter --flush-strategy=AllConnections
/subsystem=ee/service=default-bindings:write-attribute(name=datasource,value=java:jboss/datasources/GatehouseDS)
reload
EOF2
