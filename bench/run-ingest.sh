#!/usr/bin/env bash
# Collector ingest on this machine (issue 3): the collector at max rate and at half of it (every
# acknowledged event checked in the store), the HTTP and storage ceilings, bytes on disk per event.
# Options are passed to IngestBenchmark (--seconds N, --repeats N, --out FILE ...; --help lists them).
# About 4 minutes with the defaults, plus the build when sources changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The collector runs as `java -jar collector/target/candor.jar serve`, the driver from bench/target/classes.
source bench/build-if-needed.sh
build_if_needed run-ingest bench/target/classes/dev/candor/bench/ingest/IngestBenchmark.class collector/target/candor.jar

label="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && label="$label + uncommitted changes"
# 3 GiB: the storage ceiling keeps 100,000 prepared rows; the generator itself needs little.
exec java -Xmx3g -cp "bench/target/classes:bench/target/lib/*" dev.candor.bench.ingest.IngestBenchmark \
  --label "$label" "$@"
