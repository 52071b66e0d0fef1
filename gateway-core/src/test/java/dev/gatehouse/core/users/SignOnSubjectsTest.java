package dev.gatehouse.core.users;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.store.RequestRejected;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which console user a provider account signs on as, on a real H2 database: bound by issuer and subject at its first
 * sign-on, whatever name it carries later; a name is one account's per issuer until its user is removed.
 */
class SignOnSubjectsTest {
    private static final String CORP = "https://idp.example.com/realms/corp";
    private EntityManagerFactory emf;
    private SignOnSubjects subjects;
    private ConsoleUsers users;

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Transactions tx = new ResourceLocalTransactions(emf);
        subjects = new SignOnSubjects(tx, Clock.systemUTC());
        users = new ConsoleUsers(tx, Clock.systemUTC());
        users.manageHere(Map::of);
    }

    @AfterEach
    void stop() {
        emf.close();
    }

    @Test
    void accountWhenRenamedAtTheProviderThenStillTheUserItWasBoundTo() {
        assertEquals("rita", subjects.accountFor(CORP, "sub-1", "rita"));
        subjects.bind(CORP, "sub-1", "rita");
        assertEquals("rita", subjects.accountFor(CORP, "sub-1", "rita.married"));
    }

    @Test
    void nameWhenBoundToAnotherSubjectThenRefusedIgnoringCaseButFreeAtAnotherIssuer() {
        subjects.bind(CORP, "sub-1", "vera");
        RequestRejected refused = assertThrows(RequestRejected.class, () -> subjects.accountFor(CORP, "sub-2", "Vera"));
        assertEquals(RequestRejected.Reason.CONFLICT, refused.reason());
        assertTrue(refused.getMessage().contains("belongs to another account"), refused.getMessage());
        assertThrows(RequestRejected.class, () -> subjects.bind(CORP, "sub-2", "VERA"), "nor can it be bound");
        assertEquals("vera", subjects.accountFor("https://other.example.com", "sub-2", "vera"));
    }

    @Test
    void accountWhenOnlyAskedThenNothingIsBound() {
        assertEquals("ada", subjects.accountFor(CORP, "sub-1", "ada"));
        assertEquals("ada", subjects.accountFor(CORP, "sub-2", "ada"), "a refused sign-on left no binding behind");
    }

    @Test
    void deleteWhenTheUserIsRemovedThenTheNameIsFreeForAnotherAccountAndANewUser() {
        users.signedOnUser("vera", "Vera", "vera@example.com", List.of("gatehouse-auditor"));
        subjects.bind(CORP, "sub-1", "vera");
        users.delete("vera");
        assertTrue(users.find("vera").isEmpty());
        assertEquals("vera", subjects.accountFor(CORP, "sub-2", "vera"));
        users.signedOnUser("vera", "Vera Newcomer", null, List.of("gatehouse-auditor"));
        assertEquals("Vera Newcomer", users.find("vera").orElseThrow().displayName());
    }
}
