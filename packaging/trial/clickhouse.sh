#!/usr/bin/env bash
# A ClickHouse server on 127.0.0.1, in the foreground, with its data in a folder of its own, for
# trying the scale-out path on one machine (docs/OPERATIONS.md, "Try it on one machine"). It uses
# Debian's clickhouse-server (apt-get install clickhouse-server) without touching its system
# service or /etc/clickhouse-server. The user 'default' has no password and is reachable from
# 127.0.0.1 only. Not for production.
#
#   packaging/trial/clickhouse.sh [--dir DIR] [--port 8123] [--tcp-port 9000]
#
# Ctrl-C (or SIGTERM) stops it; its data stays in DIR/data for the next run.
set -euo pipefail
dir="candor-trial/clickhouse"
port=8123
tcp=9000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dir) dir="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --tcp-port) tcp="$2"; shift 2 ;;
        -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "clickhouse.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for p in "$port" "$tcp"; do
    [[ "$p" =~ ^[0-9]+$ ]] || { echo "clickhouse.sh: '$p' is not a port" >&2; exit 2; }
done
binary=""
for b in /usr/bin/clickhouse-server /usr/sbin/clickhouse-server; do
    [[ -x "$b" ]] && binary="$b" && break
done
[[ -n "$binary" ]] || { echo "clickhouse.sh: clickhouse-server is not installed (apt-get install clickhouse-server)" >&2; exit 1; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/server.err.log</errorlog>
    <size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$port</http_port>
  <tcp_port>$tcp</tcp_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
</yandex>
XML
cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
XML
echo "clickhouse.sh: ClickHouse on http://127.0.0.1:$port (data in $dir/data); Ctrl-C stops it" >&2
cd "$dir"
exec "$binary" --config-file="$dir/config.xml"
