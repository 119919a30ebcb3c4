#!/usr/bin/env bash
# Aggregation and publishing on this machine (issue 4): N raw events (default 10 million) generated
# into a fresh store, then the full aggregation (rebuild of daily_usage) and a quarter's publish,
# side by side with a plain DuckDB GROUP BY ... COPY TO of the same events, and the peak memory.
# Options go to PublishBenchmark: --events N, --machines N, --repeats N. About 2-3 minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source bench/build-if-needed.sh
build_if_needed run-publish bench/target/classes/dev/candor/bench/publish/PublishBenchmark.class
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
# The heap holds the deduplication set (about 27 bytes per stored event) and the publisher's rows.
exec java -Xmx4g -cp "bench/target/classes:bench/target/lib/*" dev.candor.bench.publish.PublishBenchmark "$@"
