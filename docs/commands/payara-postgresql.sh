DB_HOST=${DB_HOST:-db.example.com} DB_PORT=${DB_PORT:-5432}
DB_USER=${DB_USER:-gatehouse_app} DB_PASSWORD=${DB_PASSWORD:-change-me-app}
$PAYARA/bin/asadmin add-library postgresql-42.7.14.jar
$PAYARA/bin/asadmin create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource \
  --restype javax.sql.DataSource \
  --isconnectvalidatereq=true --validationmethod=custom-validation \
  --validationclassname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation --failconnection=true \
  --property "serverName=$DB_HOST:portNumber=$DB_PORT:databaseName=gatehouse:user=$DB_USER:password=$DB_PASSWORD" \
  gatehouse-pool
$PAYARA/bin/asadmin set resources.jdbc-resource.jdbc/__default.pool-name=gatehouse-pool
$PAYARA/bin/asadmin restart-domain ${DOMAIN:-domain1}
until curl -fs "${GATEHOUSE:-http://localhost:8080/gatehouse}/health"; do sleep 2; done
