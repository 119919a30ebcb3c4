#!/usr/bin/env bash
# The scale-out path on this machine (issue 6): load generator → collector --sink kafka → in-process
# Kafka (KRaft) → loaders → ClickHouse (Debian's clickhouse-server, started in a temp folder).
# Options go to ScaleBenchmark: --events N (600000) --repeats N (3) --loaders M (1) --partitions P (4)
# --connections C (8). About 1 minute per repeat with the defaults, plus the build when sources changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source bench/build-if-needed.sh
build_if_needed run-scale bench/target/classes/dev/candor/bench/scale/ScaleBenchmark.class collector/target/candor.jar

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -n "$(git status --porcelain \
  --untracked-files=no 2>/dev/null)" ]] && echo ' + uncommitted changes'); $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
exec java -Xmx2g -cp "bench/target/classes:bench/target/lib/*" dev.candor.bench.scale.ScaleBenchmark "$@"
