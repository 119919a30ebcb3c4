#!/usr/bin/env bash
# The client-fault matrix (issue 7, item 4): the real forge as its own processes against each fault
# (collector down, black-holed, slow, 500, 429, garbage, redirect loop; state folder read-only, full on
# a 128 KiB tmpfs, damaged spool, unreadable settings; 2 and 10 concurrent runs; clock 400 days ahead
# or behind through libfaketime), then recovery. Prints one line per fault: runs, events generated and
# delivered after recovery, duplicates on the wire and in the store, the spool's largest size.
# Needs root with the right to mount (else the state-folder faults are skipped, and say so) and
# Debian's faketime for the clock faults.
#   collector/scripts/client-faults.sh [--runs N]     (runs per fault, default 3; every build runs 5 faults with 1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source collector/scripts/one-test.sh
runs=3
if [[ "${1:-}" == "--runs" ]]; then runs="$2"; fi
run_one_test client-faults ClientFaultsTest "client fault:\|Tests run:.*ClientFaultsTest" \
  -Dcandor.client.faults=all -Dcandor.client.fault.runs="$runs"
