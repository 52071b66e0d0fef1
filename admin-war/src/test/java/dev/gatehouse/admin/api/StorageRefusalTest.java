package dev.gatehouse.admin.api;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the database refuses as a value is the caller's (400) or a conflict (409), never "the database is not
 * available" (503): the exceptions H2 really throws, wrapped as JPA wraps them (docs/security-tests.md, row 627).
 */
class StorageRefusalTest {
    @Test
    void ofWhenTheDatabaseRefusedAValueThenBadRequestAndAConstraintThenConflictElseNothing() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:refusals", "sa", "");
             Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(3))");
            sql.execute("INSERT INTO item VALUES (1, 'a')");
            SQLException tooLong = assertThrows(SQLException.class, () -> sql.execute("INSERT INTO item VALUES (2, 'abcd')"));
            SQLException duplicate = assertThrows(SQLException.class, () -> sql.execute("INSERT INTO item VALUES (1, 'b')"));

            StorageRefusal.Refused value = StorageRefusal.of(new PersistenceException(tooLong)).orElseThrow();
            assertEquals(400, value.problem().status());
            assertEquals("SQLSTATE 22001 (" + tooLong.getClass().getName() + ")", value.logged()); // never the value
            assertEquals(409, StorageRefusal.of(new PersistenceException(duplicate)).orElseThrow().problem().status());
            assertTrue(StorageRefusal.of(new PersistenceException(new SQLException("connection refused", "08001"))).isEmpty());
            assertTrue(StorageRefusal.of(new IllegalStateException("bug")).isEmpty());
        }
    }
}
