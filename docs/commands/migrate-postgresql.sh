GATEHOUSE_JAR=${GATEHOUSE_JAR:-launcher/target/gatehouse.jar}
DB_URL=${DB_URL:-jdbc:postgresql://db.example.com:5432/gatehouse}
GATEHOUSE_DB_PASSWORD=${OWNER_PASSWORD:-change-me-owner} java -jar "$GATEHOUSE_JAR" --migrate-only \
  --db-url "$DB_URL" --db-user gatehouse_owner
