package dev.gatehouse.core.jpa;

import java.util.List;

/**
 * The random id this database was given by its migration ({@code gh_database_identity}, V28): it tells one
 * database from another, so that an audit journal written against one is never shipped into another.
 */
public final class DatabaseIdentity {
    private DatabaseIdentity() {
    }

    /**
     * @throws IllegalStateException when the database holds no identity (its schema is not migrated)
     */
    public static String of(Transactions tx) {
        List<?> rows = tx.read(em -> em.createNativeQuery("SELECT id FROM gh_database_identity").getResultList());
        if (rows.size() != 1) {
            throw new IllegalStateException("the database holds " + rows.size() + " identities in gh_database_identity, not one");
        }
        return String.valueOf(rows.get(0)).strip();
    }
}
