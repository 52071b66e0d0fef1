package dev.gatehouse.core.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTextTest {
    @Test
    void safeWhenLineBreaksThenEscapedOnOneLine() {
        assertEquals("implicit\\nSEVERE: forged\\r\\tx", LogText.safe("implicit\nSEVERE: forged\r\tx"));
    }

    @Test
    void safeWhenOtherControlsOrBidiThenUnicodeEscapes() {
        assertEquals("a\\u0000b\\u001bc\\u0085d\\u2028e\\u202eF\\u2066g\\u061ch\\u007f",
                LogText.safe("a\u0000b\u001bc\u0085d\u2028e\u202eF\u2066g\u061ch\u007f"));
    }

    @Test
    void safeWhenPlainThenSameText() {
        String plain = "tools/call échoué 名前 \\ path";
        assertSame(plain, LogText.safe(plain));
        assertEquals("null", LogText.safe(null));
    }

    @Test
    void cleanRemovesBidiControlsAndBlanksOtherControls() {
        assertEquals("Trustedppa.exe", DisplayText.clean("Trusted\u202eppa\u202c.exe"));
        assertEquals("a b c", DisplayText.clean("a\nb\u0000c"));
        assertEquals("\u200e\u200f\u061c\u2066\u2069\u202a".length(), 6);
        assertEquals("", DisplayText.clean("\u200e\u200f\u061c\u2066\u2069\u202a"));
        assertEquals("Claude Code", DisplayText.clean("Claude Code"));
        assertEquals(null, DisplayText.clean(null));
    }
}
