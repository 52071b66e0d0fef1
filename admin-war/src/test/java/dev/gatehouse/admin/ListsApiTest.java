package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/hosts} and {@code /api/servers} searched, sorted and paged by the server: 300 hosts found by any
 * case of part of their name or description, sorted both ways, walked page by page through {@code Link: rel="next"}
 * with every host once; a client that sends nothing still gets the bare array of everything; unknown parameters and
 * bad values are refused naming the parameter.
 */
class ListsApiTest {
    private static final int HOSTS = 300;

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @BeforeAll
    static void catalogue() {
        IntStream.range(0, HOSTS).forEach(i -> server.gatehouse().hosts().createHost(new NewHost(
                String.format(Locale.ROOT, "Fleet-%03d", i), HostKind.TOKEN, i % 10 == 0 ? "Tenth WIDGET" : null), "admin"));
        for (String slug : List.of("alpha", "beta", "gamma")) {
            server.gatehouse().catalog().createServer(new NewServer("Server " + slug, slug, "https://" + slug + ".example/mcp",
                    null, null, Duration.ofSeconds(5), Duration.ofSeconds(30)), "admin");
        }
        List<Host> fleet = server.gatehouse().hosts().hosts().stream().filter(h -> h.name().startsWith("Fleet-00")).toList();
        for (Host host : fleet) {
            server.gatehouse().connections().connect(host.id(), "quickstart", null, "admin");
        }
        FIRST_HOST = fleet.get(0).id();
        server.gatehouse().connections().connect(FIRST_HOST, "quickstart", null, "carol");
        for (String name : List.of("Mail redaction", "Card numbers", "Secrets out")) {
            assertJson(201, server.post("admin", "/api/gateways/quickstart/rules", "{\"name\":\"" + name + "\",\"hook\":"
                    + "\"both\",\"tools\":\"" + name.toLowerCase(Locale.ROOT).replace(' ', '_') + "*\",\"detect\":"
                    + "{\"type\":\"builtin\",\"detectors\":[\"email\"]},\"action\":{\"type\":\"redact\"}}"));
        }
    }

    private static String FIRST_HOST;

    @Test
    void connectionsWhenSearchedSortedAndPagedThenOfEveryHostOrOfOne() {
        List<String> hosts = new ArrayList<>();
        String next = "/api/connections?q=FLEET-00&sort=-host&limit=4";
        while (next != null) {
            HttpResponse<String> response = server.get("auditor", next);
            assertJson(200, response).forEach(c -> hosts.add(c.get("hostId").asText()));
            assertEquals("11", response.headers().firstValue("X-Total-Count").orElseThrow());
            next = nextLink(response);
        }
        assertEquals(11, hosts.size());
        assertEquals(FIRST_HOST, hosts.get(10));
        assertEquals(FIRST_HOST, hosts.get(9));
        JsonNode carols = assertJson(200, server.get("auditor", "/api/connections?q=CAROL"));
        assertEquals(1, carols.size());
        HttpResponse<String> ofHost = server.get("auditor", "/api/hosts/" + FIRST_HOST + "/connections?sort=-createdAt&limit=1");
        assertEquals("carol", assertJson(200, ofHost).get(0).get("createdBy").asText());
        assertEquals("2", ofHost.headers().firstValue("X-Total-Count").orElseThrow());
        assertEquals("admin", assertJson(200, server.get("auditor", nextLink(ofHost))).get(0).get("createdBy").asText());
        assertProblem(404, server.get("auditor", "/api/hosts/no-such-host/connections?limit=1"));
    }

    @Test
    void rulesWhenSearchedSortedAndPagedThenTheGatewaysRulesOnly() {
        assertEquals(List.of("Card numbers"), names(assertJson(200, server.get("auditor",
                "/api/gateways/quickstart/rules?q=CARD_"))));
        HttpResponse<String> first = server.get("auditor", "/api/gateways/quickstart/rules?sort=-name&limit=2");
        assertEquals(List.of("Secrets out", "Mail redaction"), names(assertJson(200, first)));
        assertEquals("3", first.headers().firstValue("X-Total-Count").orElseThrow());
        assertEquals(List.of("Card numbers"), names(assertJson(200, server.get("auditor", nextLink(first)))));
        assertEquals(List.of("Mail redaction", "Card numbers", "Secrets out"),
                names(assertJson(200, server.get("auditor", "/api/gateways/quickstart/rules"))), "by priority, as evaluated");
    }

    @Test
    void hostsWhenNothingIsAskedThenTheBareArrayOfEveryHostAsBeforeEvenPastTheLargestPage() {
        // more hosts than the largest page (1000): a client written before paging still gets them all, not a cut list
        IntStream.range(0, 1001 - HOSTS).forEach(i -> server.gatehouse().hosts().createHost(new NewHost(
                String.format(Locale.ROOT, "Bulk-%04d", i), HostKind.TOKEN, null), "admin"));
        HttpResponse<String> response = server.get("auditor", "/api/hosts");
        JsonNode all = assertJson(200, response);
        assertTrue(all.isArray());
        assertTrue(all.size() > 1000, () -> "" + all.size());
        assertEquals(Long.toString(all.size()), response.headers().firstValue("X-Total-Count").orElseThrow());
        assertTrue(response.headers().firstValue("Link").isEmpty());
    }

    @Test
    void hostsWhenSearchedThenAnyCaseOfPartOfNameOrDescriptionMatchesInTheDatabase() {
        JsonNode named = assertJson(200, server.get("auditor", "/api/hosts?q=fLEET-12"));
        assertEquals(List.of("Fleet-120", "Fleet-121", "Fleet-122", "Fleet-123", "Fleet-124", "Fleet-125", "Fleet-126",
                "Fleet-127", "Fleet-128", "Fleet-129"), names(named));
        JsonNode described = assertJson(200, server.get("auditor", "/api/hosts?q=widget&sort=-name&limit=3"));
        assertEquals(List.of("Fleet-290", "Fleet-280", "Fleet-270"), names(described));
        assertEquals(0, assertJson(200, server.get("auditor", "/api/hosts?q=%25_no")).size(), "wildcards are literal");
    }

    @ParameterizedTest
    @CsvSource({"name,false", "-name,true", "createdAt,false", "-createdAt,true"})
    void hostsWhenPagedThroughThenEveryHostOnceInOrderWithoutGaps(String sort, boolean descending) {
        List<String> seen = new ArrayList<>();
        String next = "/api/hosts?q=fleet&sort=" + sort + "&limit=7";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> response = server.get("auditor", next);
            JsonNode page = assertJson(200, response);
            assertEquals(Integer.toString(HOSTS), response.headers().firstValue("X-Total-Count").orElseThrow());
            assertTrue(page.size() <= 7);
            seen.addAll(names(page));
            next = nextLink(response);
            assertTrue(++pages <= HOSTS / 7 + 1, "the pages end");
        }
        List<String> expected = new ArrayList<>(IntStream.range(0, HOSTS)
                .mapToObj(i -> String.format(Locale.ROOT, "Fleet-%03d", i)).toList());
        if (descending) {
            java.util.Collections.reverse(expected);
        }
        assertEquals(expected, seen);
        assertEquals(HOSTS, new HashSet<>(seen).size());
    }

    @Test
    void serversWhenSearchedSortedAndPagedThenTheDatabaseDoesIt() {
        HttpResponse<String> first = server.get("auditor", "/api/servers?q=.EXAMPLE/&sort=-slug&limit=2");
        assertEquals(List.of("gamma", "beta"), slugs(assertJson(200, first)));
        assertEquals("3", first.headers().firstValue("X-Total-Count").orElseThrow());
        HttpResponse<String> second = server.get("auditor", nextLink(first));
        assertEquals(List.of("alpha"), slugs(assertJson(200, second)));
        assertEquals(null, nextLink(second));
        assertEquals(List.of("beta"), slugs(assertJson(200, server.get("auditor", "/api/servers?q=BET"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/hosts?limit=2&colour=red|query parameter 'colour' is not known here (known: limit, offset, q, sort)",
            "/api/hosts?sort=url|query parameter 'sort' must be one of: createdAt, kind, name (with a leading '-' for descending)",
            "/api/hosts?limit=0|query parameter 'limit' must be a whole number from 1 to 1000",
            "/api/hosts?limit=1001|query parameter 'limit' must be a whole number from 1 to 1000",
            "/api/hosts?offset=-1|query parameter 'offset' must be a whole number from 0 to 10000000",
            "/api/hosts?q=a&q=b|query parameter 'q' is given more than once",
            "/api/servers?page=2|query parameter 'page' is not known here (known: limit, offset, q, sort)",
            "/api/connections?sort=status|query parameter 'sort' must be one of: createdAt, createdBy, gateway, host (with a leading '-' for descending)",
            "/api/hosts/x/connections?gateway=quickstart|query parameter 'gateway' is not known here (known: limit, offset, q, sort)",
            "/api/gateways/quickstart/rules?limit=x|query parameter 'limit' must be a whole number from 1 to 1000",
            "/api/servers?sort=-secret|query parameter 'sort' must be one of: createdAt, name, slug, transport, url (with a leading '-' for descending)"})
    void listsWhenAParameterIsUnknownOrBadThen400NamingIt(String path, String detail) {
        assertProblem(400, detail, server.get("auditor", path));
    }

    private static final Pattern NEXT = Pattern.compile("<" + Pattern.quote(AdminServer.CONTEXT) + "(/api/[^>]+)>; rel=\"next\"");

    private static String nextLink(HttpResponse<String> response) {
        return response.headers().firstValue("Link").map(link -> {
            Matcher m = NEXT.matcher(link);
            assertTrue(m.matches(), link);
            return m.group(1);
        }).orElse(null);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(h -> names.add(h.get("name").asText()));
        return names;
    }

    private static List<String> slugs(JsonNode array) {
        List<String> slugs = new ArrayList<>();
        array.forEach(s -> slugs.add(s.get("slug").asText()));
        assertFalse(slugs.isEmpty());
        return slugs;
    }
}
