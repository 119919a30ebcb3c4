#!/usr/bin/env bash
# The dashboard's Overview data API over N raw events (default 10 million, issue 5): a store generated
# by SQL and aggregated, a real collector started on it, then GET /api/overview timed over loopback
# HTTP for 7/30/92/366-day ranges (p50, p95, max), and the raw-event pages for comparison.
# Options go to DashboardBenchmark: --events N, --machines N, --requests N, --dir DIR, --store duckdb|clickhouse
# (clickhouse: the same events copied into a ClickHouse server started in a temp folder, and a collector
# with store=clickhouse reading them). About 2 minutes on the embedded store.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source bench/build-if-needed.sh
build_if_needed run-dashboard bench/target/classes/dev/candor/bench/dashboard/DashboardBenchmark.class
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
exec java -Xmx4g -cp "bench/target/classes:bench/target/lib/*" dev.candor.bench.dashboard.DashboardBenchmark "$@"
