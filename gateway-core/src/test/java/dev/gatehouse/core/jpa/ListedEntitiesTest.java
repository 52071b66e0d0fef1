package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.Page;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The admin lists' search, sort and paging in one JPQL query, on H2 and on a real PostgreSQL alike: text found in
 * any case with {@code %} and {@code _} as themselves, names sorted ignoring case both ways, pages that add up to
 * the whole list, and the total of the matches.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ListedEntitiesTest {
    private EntityManagerFactory emf;

    @AfterEach
    void close() {
        if (emf != null) {
            emf.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void hostsWhenSearchedSortedAndPagedThenTheSameOnEveryDatabase(String vendor) {
        emf = vendor.equals("h2") ? GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
                : GatehousePersistence.open(PostgresServer.newDatabase(), "postgres", "");
        JpaHostDirectory hosts = new JpaHostDirectory(new ResourceLocalTransactions(emf), Clock.systemUTC());
        for (String name : List.of("beta", "Alpha", "gamma", "Delta", "epsilon_1", "epsilon%2")) {
            hosts.createHost(new NewHost(name, HostKind.TOKEN, name.equals("gamma") ? "Owned by the DATA team" : null), "admin");
        }

        assertEquals(List.of("Alpha", "beta", "Delta", "epsilon%2", "epsilon_1", "gamma"),
                names(hosts.hosts(new ListQuery(null, "name", false, 100, 0))));
        assertEquals(List.of("gamma", "epsilon_1", "epsilon%2", "Delta", "beta", "Alpha"),
                names(hosts.hosts(new ListQuery(null, "name", true, 100, 0))));
        assertEquals(List.of("epsilon_1"), names(hosts.hosts(new ListQuery("N_", null, false, 100, 0))));
        assertEquals(List.of("epsilon%2"), names(hosts.hosts(new ListQuery("n%", null, false, 100, 0))));
        assertEquals(List.of("gamma"), names(hosts.hosts(new ListQuery("data TEAM", null, false, 100, 0))));

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 3) {
            Page<Host> page = hosts.hosts(new ListQuery("L", "name", false, 3, offset)); // never in an id: not hex
            assertEquals(4, page.total(), "Alpha, Delta and the two epsilons");
            paged.addAll(names(page));
        }
        assertEquals(List.of("Alpha", "Delta", "epsilon%2", "epsilon_1"), paged);
    }

    private static List<String> names(Page<Host> page) {
        return page.items().stream().map(Host::name).toList();
    }
}
