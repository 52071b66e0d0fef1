package dev.gatehouse.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided fuzzing of the API token parser with Jazzer (see {@link JsonRpcParserFuzzTest} for the modes). */
class ApiTokenFormatFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void tokens(FuzzedDataProvider data) {
        TokenFuzzer.fuzzerTestOneInput(data);
    }
}
