package dev.gatehouse.gateway.mcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcceptedTypesTest {
    @Test
    void parseWhenBothListedThenBoth() {
        assertEquals(new AcceptedTypes(true, true), AcceptedTypes.parse("application/json, text/event-stream"));
    }

    @Test
    void parseWhenWildcardThenBoth() {
        assertEquals(new AcceptedTypes(true, true), AcceptedTypes.parse("*/*"));
    }

    @Test
    void parseWhenTypeWildcardsThenEachFamily() {
        assertEquals(new AcceptedTypes(true, false), AcceptedTypes.parse("application/*;q=0.5"));
        assertEquals(new AcceptedTypes(false, true), AcceptedTypes.parse("text/*"));
    }

    @Test
    void parseWhenQualityZeroThenExcluded() {
        assertEquals(new AcceptedTypes(false, true), AcceptedTypes.parse("application/json;q=0, text/event-stream"));
    }

    @Test
    void parseWhenMissingOrUnrelatedThenNeither() {
        assertEquals(new AcceptedTypes(false, false), AcceptedTypes.parse(null));
        assertEquals(new AcceptedTypes(false, false), AcceptedTypes.parse("text/html"));
    }
}
