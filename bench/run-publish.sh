#!/usr/bin/env bash
# Aggregation and publishing on this machine (issue 4): N raw events (default 10 million) generated
# into a fresh store, then the full aggregation (rebuild of daily_usage) and a quarter's publish,
# side by side with a plain DuckDB GROUP BY ... COPY TO of the same events, and the peak memory.
# Options go to PublishBenchmark: --events N, --machines N, --repeats N. About 2-3 minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

needs_build() {
  [[ ! -f bench/target/classes/dev/candor/bench/publish/PublishBenchmark.class || ! -d bench/target/lib ]] && return 0
  [[ -n "$(find sdk/src/main collector/src/main bench/src/main pom.xml collector/pom.xml bench/pom.xml \
      -newer bench/target/classes/dev/candor/bench/publish/PublishBenchmark.class -print -quit 2>/dev/null)" ]]
}
if needs_build; then
  echo "run-publish: building (mvn package -pl bench -am)..." >&2
  mkdir -p target
  log=target/run-publish-build.log
  if ! (mvn -B -q -o -DskipTests -pl bench -am package >"$log" 2>&1 \
        || mvn -B -q -DskipTests -pl bench -am package >"$log" 2>&1); then
    echo "run-publish: build failed; see $log" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
# The heap holds the deduplication set (about 27 bytes per stored event) and the publisher's rows.
exec java -Xmx4g -cp "bench/target/classes:bench/target/lib/*" dev.candor.bench.publish.PublishBenchmark "$@"
