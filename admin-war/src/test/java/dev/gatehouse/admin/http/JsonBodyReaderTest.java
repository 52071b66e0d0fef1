package dev.gatehouse.admin.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBodyReaderTest {
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json;charset=utf-8",
            "application/json; charset=\"UTF-8\"", "application/json; foo=bar"})
    void acceptableWhenJsonInUtf8ThenTrue(String contentType) {
        assertTrue(JsonBodyReader.acceptable(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/json", "application/jsonp", "application/problem+json", "text/plain",
            "application/json; charset=utf-16", "application/json; charset"})
    void acceptableWhenOtherMediaTypeOrCharsetThenFalse(String contentType) {
        assertFalse(JsonBodyReader.acceptable(contentType));
    }
}
