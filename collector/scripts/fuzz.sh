#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every parser of untrusted bytes: OTLP JSON and protobuf bodies,
# gzip, config files, catalogs, the SDK's spool and settings files, the scrubber. Each round fuzzes
# every target for the 10 s its @FuzzTest allows; the corpus grows in collector/.cifuzz-corpus/ from
# round to round. A finding fails the run and Jazzer saves the input under
# collector/src/test/resources/dev/candor/collector/fuzz/<Test>Inputs/<method>/, where every later
# `mvn verify` replays it as a regression test: commit it with the fix.
#   collector/scripts/fuzz.sh                 one round (what CI runs)
#   collector/scripts/fuzz.sh --rounds 30     about 5 minutes per target
#   collector/scripts/fuzz.sh OtlpDecodersFuzzTest#jsonBodies
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rounds=1
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(OtlpDecodersFuzzTest#jsonBodies OtlpDecodersFuzzTest#protobufBodies OtlpDecodersFuzzTest#gzipBodies
           OperatorInputsFuzzTest#configFiles OperatorInputsFuzzTest#catalogs
           ClientFilesFuzzTest#spoolFiles ClientFilesFuzzTest#settingsFiles ScrubberFuzzTest#anyText ScrubberFuzzTest#longRepetitiveText)
fi

mkdir -p target
log=target/fuzz-build.log
if ! (mvn -B -q -o -DskipTests -pl collector -am install >"$log" 2>&1 \
      || mvn -B -q -DskipTests -pl collector -am install >"$log" 2>&1); then
  echo "fuzz: build failed; see $log" >&2
  tail -n 20 "$log" >&2
  exit 1
fi

for ((round = 1; round <= rounds; round++)); do
  for target in "${targets[@]}"; do
    echo "fuzz: round $round/$rounds, $target" >&2
    out="target/fuzz-${target//#/-}.log"
    # Each target's @Timeout is its per-input limit (Jazzer hands it to libFuzzer as -timeout); JUnit's
    # own timeout is off here, or it would count the whole round against it.
    if ! JAZZER_FUZZ=1 mvn -B -o -pl collector surefire:test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djunit.jupiter.execution.timeout.mode=disabled \
        >"$out" 2>&1; then
      echo "fuzz: $target found a problem; see $out and the new file under collector/src/test/resources/dev/candor/collector/fuzz/" >&2
      grep -m5 -E "== Java Exception|FuzzerSecurityIssue|Exception" "$out" >&2 || true
      exit 1
    fi
    grep -E "^(#[0-9]+\s+DONE|Done [0-9]+ runs)" "$out" | tail -1 >&2 || true
  done
done
echo "fuzz: no findings" >&2
