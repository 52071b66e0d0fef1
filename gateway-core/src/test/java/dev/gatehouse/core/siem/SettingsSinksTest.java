package dev.gatehouse.core.siem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The setting audit-sinks: a bad value stops the start with a message naming the sink and field, never a secret. */
class SettingsSinksTest {
    @Test
    void parseWhenNotJsonThenRefusedWithoutQuotingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsSinks.parse("[{\"secret\":\"top-secret-token\"", false));
        assertEquals("gatehouse audit-sinks is not JSON", e.getMessage());
    }

    @Test
    void parseWhenASinkIsInvalidThenRefusedNamingItAndTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsSinks.parse(
                "[{\"name\":\"splunk\",\"kind\":\"splunk-hec\",\"url\":\"http://splunk.example.com\",\"secret\":\"top-secret-token\"}]", false));
        assertEquals("gatehouse audit-sinks: sink 'splunk': url: an https URL without credentials, query or fragment"
                + " (http only where private addresses are allowed)", e.getMessage());
        assertFalse(e.getMessage().contains("top-secret-token"));
    }

    @Test
    void parseWhenValidThenStableIdsFromTheNames() {
        String json = "[{\"name\":\"rsyslog\",\"kind\":\"syslog-tls\",\"target\":\"siem.example.com:6514\",\"format\":\"cef\"}]";
        assertEquals(SettingsSinks.parse(json, false).sinks().get(0).id(), SettingsSinks.parse(json, false).sinks().get(0).id());
        assertEquals(PayloadFormat.CEF, SettingsSinks.parse(json, false).sinks().get(0).format());
    }
}
