#!/usr/bin/env bash
# Wall time of forge with Candor telemetry on vs off, with the endpoint up, down and black-holed.
# Options are passed to ForgeOverhead.java (--runs N, --warmup N, --scenarios, --commands, --out FILE ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# bin/forge builds the sample tool on first use (or when a source changed); the benchmark copies the result.
bin/forge --version >/dev/null
exec java bench/src/main/java/dev/candor/bench/ForgeOverhead.java "$@"
