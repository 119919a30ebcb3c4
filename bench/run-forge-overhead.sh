#!/usr/bin/env bash
# What Candor telemetry costs forge (wall and CPU time, telemetry on vs off, the detached uploaders'
# CPU apart) against the real collector over HTTPS and HTTP, an endpoint down and one black-holed, and
# whether every event arrives within a minute with no further run.
# Options are passed to ForgeOverhead (--runs N, --warmup N, --scenarios, --commands, --out FILE ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# bin/forge builds the sample tool on first use (or when a source changed); the benchmark copies the result.
bin/forge --version >/dev/null
bin/candor --help >/dev/null
# The benchmark is the classes of dev.candor.bench (not its ingest/ package), JDK only: javac, no Maven or classpath.
mkdir -p bench/target/bench-classes
javac -d bench/target/bench-classes bench/src/main/java/dev/candor/bench/*.java
exec java -cp bench/target/bench-classes dev.candor.bench.ForgeOverhead "$@"
