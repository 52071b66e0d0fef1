package dev.gatehouse.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the JSON-RPC envelope parser with Jazzer. In the plain test run these replay
 * the seed inputs under {@code src/test/resources/dev/gatehouse/core/fuzz/JsonRpcParserFuzzTestInputs};
 * the build's fuzz executions run each one with {@code JAZZER_FUZZ=1} for a few seconds; the longer
 * command is in {@code docs/security-tests.md}.
 */
class JsonRpcParserFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void rawBytes(byte[] body) {
        BodyFuzzer.fuzzerTestOneInput(body);
    }

    @FuzzTest(maxDuration = "5s")
    void envelopes(FuzzedDataProvider data) {
        EnvelopeFuzzer.fuzzerTestOneInput(data);
    }
}
