-- Each server's shared header credential (auth_header_name, auth_secret_sealed) becomes the server's shared
-- identity (owner NULL, kind SECRET), sealed as it was: existing servers keep working unchanged. The old
-- columns are emptied; the catalog reads the shared identity from now on.
INSERT INTO gh_upstream_identity (id, server_id, owner, kind, status, header_name, secret_sealed, version,
                                  created_by, created_at, updated_at)
SELECT id, id, NULL, 'SECRET', 'ACTIVE', auth_header_name, auth_secret_sealed, 0, created_by, created_at, created_at
FROM gh_upstream_server WHERE auth_header_name IS NOT NULL AND auth_secret_sealed IS NOT NULL;
UPDATE gh_upstream_server SET auth_header_name = NULL, auth_secret_sealed = NULL;
