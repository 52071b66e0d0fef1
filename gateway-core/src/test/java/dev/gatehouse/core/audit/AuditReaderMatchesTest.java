package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The journal's unshipped tail is filtered in memory exactly as the table is in SQL. */
class AuditReaderMatchesTest {
    @Test
    void connectionFilterWhenATailRecordHasNoTokenThenItDoesNotMatchRatherThanFailing() {
        AuditQuery byConnection = new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, 100,
                null, List.of("gh_pub_1"));
        AuditEvent adminAction = AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS).actor("admin").build();

        assertFalse(AuditReader.matches(byConnection, adminAction));
    }
}
