#!/usr/bin/env bash
# Long coverage-guided fuzzing (Jazzer CLI) of the JSON-RPC envelope parser and the API token parser.
# The build runs each target for a few seconds; this runs them for as long as you like.
#   gateway-core/fuzz-long.sh [SECONDS_PER_TARGET (default 3600)] [TARGET...]
# Targets (dev.gatehouse.core.fuzz): BodyFuzzer (raw bytes), EnvelopeFuzzer (structured envelopes with an
# oracle), TokenFuzzer. The corpus grows in target/fuzz-corpus/TARGET; a crash is written to
# target/fuzz-findings/ and the run stops: copy the file into
# src/test/resources/dev/gatehouse/core/fuzz/<JUnit class>Inputs/<method>/ to keep it as a regression test.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-3600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(BodyFuzzer EnvelopeFuzzer TokenFuzzer)
fi
mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test
classpath="target/test-classes:target/classes:$(cat target/fuzz.classpath)"
seeds=src/test/resources/dev/gatehouse/core/fuzz/JsonRpcParserFuzzTestInputs/rawBytes
mkdir -p target/fuzz-findings
for target in "${targets[@]}"; do
  corpus=target/fuzz-corpus/$target
  mkdir -p "$corpus"
  extra=()
  if [ "$target" = BodyFuzzer ]; then extra=("$seeds"); fi
  echo "== $target for ${seconds}s"
  java -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
    --target_class="dev.gatehouse.core.fuzz.$target" \
    --instrumentation_includes='dev.gatehouse.core.**:com.fasterxml.jackson.core.**' \
    --reproducer_path=target/fuzz-findings \
    -artifact_prefix=target/fuzz-findings/ -max_total_time="$seconds" -print_final_stats=1 \
    "$corpus" "${extra[@]}"
done
