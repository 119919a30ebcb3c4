#!/usr/bin/env bash
# Hostile HTTP: N requests (default 15,000: 10,000 malformed or hostile, a third valid) from four
# threads while I idle connections (default 3,000) are held open, against the collector as its own
# process; then S slow senders (default 2,000: stalled bodies, trickled bodies, trickled headers)
# beside valid traffic. Prints two lines: the counts by kind and status, the collector's peak resident
# memory and how many acknowledged valid events were stored (each exactly once); the slow senders'
# answers, how long until they were cut off, valid requests' latency without and with them, the
# collector's threads. Every build runs 2,000 requests, 1,000 idle connections and 400 slow senders.
#   collector/scripts/hostile.sh [--requests N] [--idle I] [--slow S]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source collector/scripts/one-test.sh
requests=15000
idle=3000
slow=2000
while [[ $# -gt 1 ]]; do
  case "$1" in
    --requests) requests="$2" ;;
    --idle) idle="$2" ;;
    --slow) slow="$2" ;;
    *) echo "usage: $0 [--requests N] [--idle I] [--slow S]" >&2; exit 2 ;;
  esac
  shift 2
done
run_one_test hostile 'HostileTrafficTest,SlowSendersTest' "hostile traffic:\|slow senders:" \
  -Dcandor.hostile.requests="$requests" -Dcandor.hostile.idle="$idle" -Dcandor.slow.senders="$slow"
