ADMIN_USER=${ADMIN_USER:-alice} ADMIN_PASSWORD=${ADMIN_PASSWORD:-change-me-now}
echo "AS_ADMIN_USERPASSWORD=$ADMIN_PASSWORD" > admin.pw
echo "create-file-user --groups gatehouse-admin --passwordfile admin.pw $ADMIN_USER" > boot.asadmin
GATEHOUSE_DATA=${GATEHOUSE_DATA:-/var/lib/gatehouse} GATEHOUSE_TEMPORARY_DATABASE=allow \
  java -jar payara-micro-6.2025.10.jar --nocluster --port ${PORT:-8080} \
  --postbootcommandfile boot.asadmin --deploy gatehouse.war --deploy gatehouse-admin.war
