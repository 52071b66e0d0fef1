-- Gatehouse on PostgreSQL: its roles and schema. Run once, as a superuser, in the Gatehouse database
-- (createdb gatehouse; psql -d gatehouse -f postgresql-roles.sql), after changing the passwords.
-- docs/cluster.md explains the roles; PostgresPrivilegesTest runs this very file.
--
--   gatehouse_owner      owns the schema and its tables; runs the migrations (at a deployment or start
--                        that connects as this role, or java -jar gatehouse.jar --migrate-only)
--   gatehouse_app        what Gatehouse connects as at run time: reads and writes its tables, but may
--                        only INSERT and SELECT audit records, never UPDATE, DELETE or TRUNCATE them
--   gatehouse_retention  the retention job: SELECT and DELETE on audit records, nothing else
--
-- The grants on the tables are applied by the migrations themselves (db/migration/postgresql/
-- afterMigrate.sql), each time they run as the owner, so tables added by later versions are covered.

CREATE ROLE gatehouse_owner LOGIN PASSWORD 'change-me-owner';
CREATE ROLE gatehouse_app LOGIN PASSWORD 'change-me-app';
CREATE ROLE gatehouse_retention LOGIN PASSWORD 'change-me-retention';

CREATE SCHEMA gatehouse AUTHORIZATION gatehouse_owner;
GRANT USAGE ON SCHEMA gatehouse TO gatehouse_app, gatehouse_retention;
ALTER ROLE gatehouse_owner SET search_path = gatehouse;
ALTER ROLE gatehouse_app SET search_path = gatehouse;
ALTER ROLE gatehouse_retention SET search_path = gatehouse;
