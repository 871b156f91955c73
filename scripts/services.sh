#!/usr/bin/env bash
# Local database services for the warehouse tests (test/warehouse/live.test.ts) and the warehouse
# benchmark: one PostgreSQL and two ClickHouse servers (the two shards of a `Distributed` table),
# each an unprivileged instance listening on loopback only, with its data in one folder.
#
#   bash scripts/services.sh [start|stop|status]     (default: start)
#
# Idempotent: a running instance is left alone, so running it twice is safe. Never fatal for the
# caller that only wants the tests (scripts/setup.sh --test ignores a failure): a service that
# cannot be installed or started is reported here, and the live tests skip by name with the reason.
#
# Where (override with the environment):
#   SEGLAB_SERVICES_DIR  data, logs and services.env (default ${TMPDIR:-/tmp}/seglab-services)
#   PostgreSQL on 127.0.0.1:55432 (database "seglab", user "seglab", trust on loopback);
#   ClickHouse shard 1 HTTP 127.0.0.1:18123 (TCP 19000), shard 2 HTTP 127.0.0.1:18124 (TCP 19001),
#   cluster "seglab_2shards" declared on both. Time zone UTC. Queries may use 4 GB; GROUP BY spills
#   to disk beyond 1 GB (a per-customer-day aggregation of 10M order lines needs more than 2 GB).
# services.env (read by the tests) lists the URLs of the instances that answered.
# Packages: Debian's postgresql and clickhouse-server (installed with apt-get when missing and root).
set -uo pipefail
action=${1:-start}
dir=${SEGLAB_SERVICES_DIR:-${TMPDIR:-/tmp}/seglab-services}
PG_PORT=55432
CH_HTTP=(18123 18124)
CH_TCP=(19000 19001)
CH_INTER=(19009 19010)
say() { printf 'services: %s\n' "$*"; }
is_root() { [ "$(id -u)" = "0" ]; }
# Run as the service's own system user when root (PostgreSQL refuses root; ClickHouse should not be root).
as_user() {
  local user=$1; shift
  if is_root && id "$user" >/dev/null 2>&1; then runuser -u "$user" -- "$@"; else "$@"; fi
}
own() { if is_root && id "$1" >/dev/null 2>&1; then chown -R "$1" "$2"; fi; }

apt_install() {
  is_root && command -v apt-get >/dev/null || return 1
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "$@" >"$dir/apt.log" 2>&1 && return 0
  apt-get update >>"$dir/apt.log" 2>&1 || true
  apt-get install -y --no-install-recommends "$@" >>"$dir/apt.log" 2>&1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
pg_up() { local b; b=$(pg_bin); [ -n "$b" ] && "$b/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; }
# HTTP /ping answers "Ok."; checked with Node (always there) rather than curl (not always).
ch_up() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$1/ping" >/dev/null 2>&1; }

start_postgres() {
  if pg_up; then say "PostgreSQL already running on 127.0.0.1:$PG_PORT"; return 0; fi
  if [ -z "$(pg_bin)" ]; then
    say "installing PostgreSQL from Debian"
    apt_install postgresql >/dev/null || { say "PostgreSQL is not installed and could not be (see $dir/apt.log)"; return 1; }
  fi
  local bin data="$dir/postgres"
  bin=$(pg_bin)
  mkdir -p "$data"; own postgres "$data"; chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_user postgres "$bin/initdb" -D "$data" -U seglab --auth=trust -E UTF8 --locale=C >"$dir/postgres-initdb.log" 2>&1 ||
      { say "initdb failed (see $dir/postgres-initdb.log)"; return 1; }
  fi
  as_user postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $data -c fsync=off -c shared_buffers=64MB" start >/dev/null 2>&1 ||
    { say "PostgreSQL did not start (see $data/server.log)"; return 1; }
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U seglab -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'seglab'" | grep -q 1 ||
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U seglab seglab
  say "PostgreSQL running on 127.0.0.1:$PG_PORT"
}

ch_config() {
  local i=$1 data="$dir/clickhouse-$1"
  cat >"$data/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$data/server.log</log><errorlog>$data/server.err.log</errorlog><size>10M</size><count>2</count></logger>
  <http_port>${CH_HTTP[$i]}</http_port>
  <tcp_port>${CH_TCP[$i]}</tcp_port>
  <interserver_http_port>${CH_INTER[$i]}</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>64</max_connections>
  <max_concurrent_queries>20</max_concurrent_queries>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <mark_cache_size>134217728</mark_cache_size>
  <path>$data/data/</path>
  <tmp_path>$data/tmp/</tmp_path>
  <user_files_path>$data/user_files/</user_files_path>
  <format_schema_path>$data/format_schemas/</format_schema_path>
  <users_config>$data/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <seglab_2shards>
      <shard><replica><host>127.0.0.1</host><port>${CH_TCP[0]}</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>${CH_TCP[1]}</port></replica></shard>
    </seglab_2shards>
  </remote_servers>
</yandex>
EOF
  cat >"$data/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_bytes_before_external_group_by>1000000000</max_bytes_before_external_group_by><distributed_aggregation_memory_efficient>1</distributed_aggregation_memory_efficient><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
EOF
}

start_clickhouse() {
  if ! command -v clickhouse-server >/dev/null && [ ! -x /usr/sbin/clickhouse-server ]; then
    say "installing ClickHouse from Debian (clickhouse-server)"
    apt_install clickhouse-server >/dev/null || { say "ClickHouse is not installed and could not be (see $dir/apt.log)"; return 1; }
  fi
  local server; server=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
  local ok=0
  for i in 0 1; do
    if ch_up "${CH_HTTP[$i]}"; then say "ClickHouse shard $((i + 1)) already running on 127.0.0.1:${CH_HTTP[$i]}"; continue; fi
    local data="$dir/clickhouse-$i"
    mkdir -p "$data/data" "$data/tmp" "$data/user_files" "$data/format_schemas"
    ch_config "$i"
    own clickhouse "$data"
    (cd "$data" && as_user clickhouse setsid "$server" --config-file="$data/config.xml" >"$data/stdout.log" 2>&1 </dev/null &)
    for _ in $(seq 1 60); do ch_up "${CH_HTTP[$i]}" && break; sleep 0.5; done
    if ch_up "${CH_HTTP[$i]}"; then say "ClickHouse shard $((i + 1)) running on 127.0.0.1:${CH_HTTP[$i]}"; else say "ClickHouse shard $((i + 1)) did not start (see $data/server.err.log)"; ok=1; fi
  done
  return $ok
}

write_env() {
  local env="$dir/services.env"
  : >"$env.tmp"
  pg_up && echo "SEGLAB_PG_URL=postgres://seglab@127.0.0.1:$PG_PORT/seglab" >>"$env.tmp"
  if ch_up "${CH_HTTP[0]}" && ch_up "${CH_HTTP[1]}"; then
    echo "SEGLAB_CH_URLS=http://127.0.0.1:${CH_HTTP[0]},http://127.0.0.1:${CH_HTTP[1]}" >>"$env.tmp"
    echo "SEGLAB_CH_CLUSTER=seglab_2shards" >>"$env.tmp"
  fi
  mv "$env.tmp" "$env"
  chmod 644 "$env"
}

stop_all() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] && [ -f "$dir/postgres/postmaster.pid" ] && as_user postgres "$bin/pg_ctl" -D "$dir/postgres" -m fast stop >/dev/null 2>&1 && say "PostgreSQL stopped"
  for i in 0 1; do
    # The server started with this instance's own config file (the path is unique to it), nothing else.
    local cfg="--config-file=$dir/clickhouse-$i/config.xml" pids
    pids=$(ps -eo pid=,args= | awk -v cfg="$cfg" '$2 ~ /clickhouse-server$/ && $3 == cfg {print $1}')
    if [ -n "$pids" ]; then
      kill $pids 2>/dev/null
      for _ in $(seq 1 40); do ch_up "${CH_HTTP[$i]}" || break; sleep 0.5; done
      say "ClickHouse shard $((i + 1)) stopped"
    fi
    rm -f "$dir/clickhouse-$i/pid"
  done
  rm -f "$dir/services.env"
}

mkdir -p "$dir"
chmod 755 "$dir"
case "$action" in
  start)
    status=0
    start_postgres || status=1
    start_clickhouse || status=1
    write_env
    exit $status ;;
  stop) stop_all ;;
  status) write_env; cat "$dir/services.env" ;;
  *) echo "services: unknown action $action (start, stop or status)" >&2; exit 2 ;;
esac
