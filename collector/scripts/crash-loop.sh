#!/usr/bin/env bash
# Crash durability: the collector as its own process under load from four clients, killed with
# SIGKILL at a random moment (after a random number of acknowledged requests) N times and restarted;
# at the end every acknowledged event must be stored once. Prints one summary line:
#   crash loop: kills=20 sent=... acknowledged=... stored=... lost=0 duplicates=0
#   collector/scripts/crash-loop.sh [--kills N]      (default 20; every build runs 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
kills=20
if [[ "${1:-}" == "--kills" ]]; then kills="$2"; fi

mkdir -p target
if ! (mvn -B -q -o -DskipTests -pl collector -am install >target/crash-loop-build.log 2>&1 \
      || mvn -B -q -DskipTests -pl collector -am install >target/crash-loop-build.log 2>&1); then
  echo "crash-loop: build failed; see target/crash-loop-build.log" >&2
  exit 1
fi
out=target/crash-loop.log
if mvn -B -o -pl collector surefire:test -Dtest=KillDashNineTest -Dcandor.kills="$kills" >"$out" 2>&1; then
  grep -h "crash loop:" collector/target/surefire-reports/*KillDashNineTest-output.txt "$out" 2>/dev/null | head -1
else
  echo "crash-loop: FAILED; see $out" >&2
  grep -h "crash loop:" "$out" collector/target/surefire-reports/*KillDashNineTest-output.txt 2>/dev/null | head -1 >&2 || true
  exit 1
fi
