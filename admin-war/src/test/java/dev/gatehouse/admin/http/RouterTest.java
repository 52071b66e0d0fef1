package dev.gatehouse.admin.http;

import dev.gatehouse.admin.security.Access;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RouterTest {
    private static final Handler NOTHING = request -> Reply.noContent();
    private final Router router = new Router(List.of(
            Route.of("GET", "/hosts", Access.anyCapability(), "hosts.list", NOTHING),
            Route.of("GET", "/hosts/{id}", Access.anyCapability(), "host.read", NOTHING),
            Route.of("DELETE", "/hosts/{id}", Access.anyCapability(), "host.delete", NOTHING),
            Route.of("POST", "/hosts/{id}/connections", Access.anyCapability(), "connection.create", NOTHING)));

    @Test
    void matchWhenTemplateHasParameterThenCaptured() {
        Router.Match match = assertInstanceOf(Result.Ok.class, router.match("POST", "/hosts/h-1/connections"))
                .value() instanceof Router.Match m ? m : null;

        assertEquals("connection.create", match.route().action());
        assertEquals(Map.of("id", "h-1"), match.params());
    }

    @Test
    void matchWhenPathKnownUnderOtherMethodsThenMethodNotAllowedListingThem() {
        Problem p = assertInstanceOf(Result.Failed.class, router.match("PUT", "/hosts/h-1")).problem();

        assertEquals(405, p.status());
        assertEquals(Map.of("Allow", "DELETE, GET"), p.headers());
    }

    @Test
    void matchWhenNoTemplateFitsThenNotFound() {
        for (String path : new String[]{"/hosts/", "/hosts//connections", "/nope", "", "/hosts/a/b"}) {
            assertEquals(404, assertInstanceOf(Result.Failed.class, router.match("GET", path)).problem().status(), path);
        }
        assertEquals(404, assertInstanceOf(Result.Failed.class, router.match("GET", null)).problem().status());
    }
}
