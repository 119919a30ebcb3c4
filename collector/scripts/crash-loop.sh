#!/usr/bin/env bash
# Crash durability: the collector as its own process under load from the load generator (candor
# loadgen's LoadGenerator, repeatable ids, a run of its own per life of the collector), killed with
# SIGKILL at a random moment 0.3 to 3.5 s after it listens, N times, and restarted; at the end every
# event of every request the generator saw acknowledged must be stored once. Prints one summary line:
#   crash loop: kills=20 acknowledged=... stored=... lost=0 duplicates=0 stored_unacknowledged=... requests_without_answer=... kills_after_acks=...
#   collector/scripts/crash-loop.sh [--kills N]      (default 20; every build runs 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source collector/scripts/one-test.sh
kills=20
if [[ "${1:-}" == "--kills" ]]; then kills="$2"; fi
run_one_test crash-loop KillDashNineTest "crash loop:" -Dcandor.kills="$kills"
