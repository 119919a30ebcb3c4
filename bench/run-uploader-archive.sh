#!/usr/bin/env bash
# What the uploader's class archive (AppCDS, docs/WIRE.md "The class archive") saves: the whole CPU
# time of one detached uploader JVM sending 3 queued events to the real collector over HTTPS, with and
# without the archive, alternating, and what writing the archive costs the first uploader once.
# Usage: bench/run-uploader-archive.sh [RUNS]   (default 10 of each; about 2 minutes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-10}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }

bin/forge --version >/dev/null
bin/candor --help >/dev/null
lib="$PWD/examples/forge/target/lib"
cp_="$lib/candor-sdk.jar" # candor-common's classes are inside it
work="$(mktemp -d)"
collector=""
cleanup() { [[ -n "$collector" ]] && kill "$collector" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A self-signed keystore for the collector, and a trust store for the uploader.
keytool -genkeypair -alias candor -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -ext SAN=dns:localhost,ip:127.0.0.1 -validity 2 -storetype PKCS12 -keystore "$work/c.p12" \
  -storepass bench-pass >/dev/null 2>&1
keytool -exportcert -alias candor -keystore "$work/c.p12" -storepass bench-pass -file "$work/c.cer" >/dev/null 2>&1
keytool -importcert -noprompt -alias candor -file "$work/c.cer" -storetype PKCS12 -keystore "$work/trust.p12" \
  -storepass trust-pass >/dev/null 2>&1
CANDOR_TLS_KEYSTORE="$work/c.p12" CANDOR_TLS_KEYSTORE_PASSWORD=bench-pass \
  java -jar collector/target/candor.jar serve --port 0 --data-dir "$work/data" >"$work/collector.log" 2>&1 &
collector=$!
for _ in $(seq 1 150); do grep -q "collector listening" "$work/collector.log" && break; sleep 0.2; done
port="$(grep -o 'listening url=https://127.0.0.1:[0-9]*' "$work/collector.log" | head -1 | sed 's/.*://')"
[[ -n "$port" ]] || { echo "the collector did not start" >&2; cat "$work/collector.log" >&2; exit 1; }

# Three queued events, made by forge against a closed port (so no uploader sends them).
root="$PWD"
mkdir -p "$work/proj" && (cd "$work/proj" && FORGE_TELEMETRY_OPTOUT=1 "$root/bin/forge" new console >/dev/null 2>&1 || true)
proj="$(find "$work/proj" -name forge.project -printf '%h\n' | head -1)"
for _ in 1 2 3 4; do
  (cd "$proj" && env -u CI HOME="$work/src" XDG_CONFIG_HOME="$work/src/c" FORGE_TELEMETRY_HOME="$work/src/s" \
    FORGE_TELEMETRY_ENDPOINT=http://127.0.0.1:9 "$root/bin/forge" build >/dev/null 2>&1)
done
queued=("$work"/src/s/spool/*.otlp)
[[ ${#queued[@]} -ge 3 ]] || { echo "forge queued ${#queued[@]} events, expected 3" >&2; exit 1; }

# One uploader run in a fresh state folder; prints its CPU time (user + system, ms, from bash's times).
flags=(-Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData -XX:ErrorFile=/dev/null
  -XX:-CreateCoredumpOnCrash)
# The children's CPU in a `times` output file, in ms. `times` itself must run in the shell that waits
# for the uploader (redirected, not in a pipe or $(...), which would be a subshell without children).
cpu_ms() { tail -1 "$1" | awk '{ split($1,u,/[ms]/); split($2,s,/[ms]/); printf "%d", (u[1]*60+u[2]+s[1]*60+s[2])*1000 }'; }
one() {
  local state="$work/u" extra=("$@")
  rm -rf "$state" && mkdir -p "$state/spool" && cp "${queued[@]:0:3}" "$state/spool/"
  printf 'endpoint=https://localhost:%s/v1/logs\nkey=forge-public-ingest-key\nproxy=direct\nca=\nlevel=all\nspool.bytes=1048576\nspool.files=500\ndelay=0\njvm.javax.net.ssl.trustStore=%s\njvm.javax.net.ssl.trustStorePassword=trust-pass\n' \
    "$port" "$work/trust.p12" > "$state/spool/.uploader"
  times > "$work/before"
  java "${flags[@]}" "${extra[@]}" -cp "$cp_" dev.candor.telemetry.internal.Uploader "$state" 1 - </dev/null >/dev/null 2>&1 || true
  times > "$work/after"
  local before after
  before="$(cpu_ms "$work/before")"
  after="$(cpu_ms "$work/after")"
  if compgen -G "$state/spool/*.otlp" >/dev/null; then echo "an uploader left events queued" >&2; exit 1; fi
  echo $((after - before))
}
median() { sort -n | awk '{ a[NR]=$1 } END { if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
spread() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END { print lo " to " hi }'; }

rm -f "$work/a.jsa"
training="$(one -XX:ArchiveClassesAtExit="$work/a.jsa")"
[[ -s "$work/a.jsa" ]] || { echo "no archive was written" >&2; exit 1; }
without=() with=()
for i in $(seq 1 "$runs"); do
  if (( i % 2 )); then without+=("$(one)"); with+=("$(one -XX:SharedArchiveFile="$work/a.jsa")")
  else with+=("$(one -XX:SharedArchiveFile="$work/a.jsa")"); without+=("$(one)"); fi
done
w="$(printf '%s\n' "${without[@]}" | median)"; a="$(printf '%s\n' "${with[@]}" | median)"
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1)"
echo "command: bench/$(basename "$0") $runs ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "uploader CPU over HTTPS, 3 events, median of $runs (spread):"
echo "  without the archive: $w ms ($(printf '%s\n' "${without[@]}" | spread))"
echo "  with the archive:    $a ms ($(printf '%s\n' "${with[@]}" | spread))"
echo "  writing the archive (the first uploader, once): $training ms; archive $(( $(stat -c %s "$work/a.jsa") / 1024 )) KiB"
awk -v w="$w" -v a="$a" 'BEGIN { printf "  saved: %.0f ms a run (%.0f %%)\n", w - a, 100 * (w - a) / w }'
