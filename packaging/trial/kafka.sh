#!/usr/bin/env bash
# A single Apache Kafka broker (KRaft: broker and controller in one process) on 127.0.0.1, in the
# foreground, for trying the scale-out path on one machine (docs/OPERATIONS.md, "Try it on one
# machine"). Not for production: one replica, no authentication, plain text.
#
#   packaging/trial/kafka.sh [--dir DIR] [--port 9092] [--controller-port 9093]
#
# The first run fetches the broker's jars with Maven into DIR/lib and formats DIR/data; later runs
# reuse both. Ctrl-C (or SIGTERM) stops the broker.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="candor-trial/kafka"
port=9092
controller=9093
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dir) dir="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --controller-port) controller="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "kafka.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for p in "$port" "$controller"; do
    [[ "$p" =~ ^[0-9]+$ ]] || { echo "kafka.sh: '$p' is not a port" >&2; exit 2; }
done
command -v java >/dev/null || { echo "kafka.sh: java is not installed (Java 17 or later)" >&2; exit 1; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

if [[ ! -f "$dir/lib/.complete" ]]; then
    echo "kafka.sh: fetching the broker's jars into $dir/lib (once) ..." >&2
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
        -DoutputDirectory="$dir/lib" >"$dir/fetch.log" 2>&1 \
        || { echo "kafka.sh: could not fetch the jars; see $dir/fetch.log" >&2; exit 1; }
    touch "$dir/lib/.complete"
fi

cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

cp="$dir/lib/*"
if [[ ! -f "$dir/data/meta.properties" ]]; then
    id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
        || { echo "kafka.sh: could not format $dir/data; see $dir/format.log" >&2; exit 1; }
fi
echo "kafka.sh: broker on 127.0.0.1:$port (data in $dir/data); Ctrl-C stops it" >&2
exec java -Xmx1g -cp "$cp" kafka.Kafka "$dir/server.properties"
