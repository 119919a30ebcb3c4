#!/usr/bin/env bash
# Crash durability: the collector as its own process under load from the load generator (candor
# loadgen's LoadGenerator, repeatable ids, a run of its own per life of the collector), killed with
# SIGKILL at a random moment 0.3 to 3.5 s after it listens, N times, and restarted; at the end every
# event of every request the generator saw acknowledged must be stored once. Prints one summary line:
#   crash loop: kills=20 acknowledged=... stored=... lost=0 duplicates=0 stored_unacknowledged=... requests_without_answer=... kills_after_acks=...
#   collector/scripts/crash-loop.sh [--kills N]      (default 20; every build runs 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
kills=20
if [[ "${1:-}" == "--kills" ]]; then kills="$2"; fi

mkdir -p target
out=target/crash-loop.log
# Builds the modules it needs in the reactor (nothing is installed into ~/.m2) and runs the one test.
if mvn -B -o -pl collector -am test -Dtest=KillDashNineTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dcandor.kills="$kills" >"$out" 2>&1; then
  grep -h "crash loop:" "$out" | head -1
else
  echo "crash-loop: FAILED; see $out" >&2
  grep -h "crash loop:" "$out" >&2 || true
  exit 1
fi
