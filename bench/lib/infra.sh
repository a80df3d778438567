# shellcheck shell=bash
# Infrastructure for bench/run.sh: tools, free ports, a throwaway PostgreSQL cluster, nginx, Atlas servers.
# Everything started is registered and stopped by cleanup (the EXIT trap); $TMP is removed.

PIDS=()          # background processes to stop on exit
PG_DATA=""       # data dir of the throwaway cluster, when started
AS_POSTGRES=()   # prefix to run PostgreSQL binaries as the postgres OS user (root refuses initdb)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n "$PG_DATA" ]]; then
    "${AS_POSTGRES[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  [[ -n "${TMP:-}" && -d "$TMP" ]] && rm -rf "$TMP"
}

# apt-get install a Debian package when a command is missing (root, or sudo).
need() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "$1 is missing: installing Debian package $2"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$2" >/dev/null
  command -v "$1" >/dev/null 2>&1 || die "cannot install $2"
}

find_pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/pgbench" ]] && { echo "$d"; return 0; }
  done
  return 1
}

need_tools() {
  need curl curl
  need wrk wrk
  need nginx nginx-light
  PG_BIN=$(find_pg_bin) || { need psql postgresql; PG_BIN=$(find_pg_bin) || die "no PostgreSQL binaries"; }
  command -v java >/dev/null || die "java (17+) is needed"
}

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
}

# Builds the server jar and the bench classes when missing (or when BENCH_BUILD=1).
build() {
  if [[ "${BENCH_BUILD:-0}" == 1 || ! -f "$JAR" || ! -f "$ROOT/bench/target/classpath.txt" ]]; then
    log "building (./mvnw -q -pl bench -am -DskipTests package)"
    (cd "$ROOT" && ./mvnw -q -pl bench -am -DskipTests package) || die "build failed"
  fi
  BENCH_CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}

# A bench tool from bench/src/main/java (io.p3.atlas.bench.<Class>). Run in the background as
# "bench_java_bg Class args... &": it execs, so $! is the JVM itself and cleanup stops it.
bench_java() { # class args...
  local cls=$1; shift
  java ${BENCH_TOOL_JAVA_OPTS:--Xmx1g} -cp "$BENCH_CP" "io.p3.atlas.bench.$cls" "$@"
}
bench_java_bg() { # class args...
  local cls=$1; shift
  exec java ${BENCH_TOOL_JAVA_OPTS:--Xmx1g} -cp "$BENCH_CP" "io.p3.atlas.bench.$cls" "$@"
}

# A throwaway cluster: initdb in $TMP, started on a free port (fsync on: writes are acknowledged durably).
pg_start() {
  [[ -n "$PG_DATA" ]] && return 0
  local dir="$TMP/pg"
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    AS_POSTGRES=(runuser -u postgres --)
    chown -R postgres:postgres "$dir"
    chmod 755 "$TMP"
  fi
  PG_PORT=$(free_port)
  "${AS_POSTGRES[@]}" "$PG_BIN/initdb" -D "$dir/data" -U atlas -A trust -E UTF8 --locale=C --no-sync \
    >"$TMP/initdb.log" 2>&1 || die "initdb failed: $(cat "$TMP/initdb.log")"
  PG_DATA="$dir/data"
  "${AS_POSTGRES[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$dir/postgres.log" -w -t 60 -o \
    "-p $PG_PORT -h 127.0.0.1 -k $dir -c max_connections=300 -c shared_buffers=128MB -c fsync=${BENCH_PG_FSYNC:-on}" \
    start >/dev/null || die "PostgreSQL did not start: $(tail -5 "$dir/postgres.log")"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT (fsync=${BENCH_PG_FSYNC:-on})"
}

psql_db() { # db args...
  local db=$1; shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U atlas -d "$db" "$@"
}

new_database() { # name -> postgres:// URL on stdout
  psql_db postgres -c "CREATE DATABASE $1" >/dev/null
  echo "postgres://atlas@127.0.0.1:$PG_PORT/$1"
}

# nginx serving $DOCROOT on a free port: one worker per core, sendfile, no access log.
nginx_start() {
  [[ -n "${NGINX_PORT:-}" ]] && return 0
  NGINX_PORT=$(free_port)
  local conf="$TMP/nginx"
  mkdir -p "$conf"
  cat >"$conf/nginx.conf" <<CONF
worker_processes ${BENCH_NGINX_WORKERS:-$(nproc)};
daemon off;
pid $conf/nginx.pid;
error_log $conf/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  types { application/json json; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path $conf/body;
  proxy_temp_path $conf/proxy;
  fastcgi_temp_path $conf/fastcgi;
  uwsgi_temp_path $conf/uwsgi;
  scgi_temp_path $conf/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DOCROOT;
  }
}
CONF
  chmod a+rx "$TMP"; chmod -R a+rX "$DOCROOT" "$conf"
  nginx -p "$conf" -e "$conf/error.log" -c "$conf/nginx.conf" >"$conf/stdout.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$NGINX_PORT/" 30 any || die "nginx did not start: $(cat "$conf/error.log")"
  log "nginx on port $NGINX_PORT serving $DOCROOT"
}

# Waits until a URL answers (2xx, or any status with "any"); returns 1 after the timeout in seconds.
wait_http() { # url timeout_s [any]
  local deadline=$((SECONDS + $2)) code
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true)
    if [[ "$code" == 2* || ( "${3:-}" == any && "$code" != 000 ) ]]; then return 0; fi
    sleep 0.05
  done
  return 1
}

# Starts the server jar as a user would (java -jar) and waits until healthy. Sets ATLAS_PID, ATLAS_PORT.
# db: h2 (embedded, under its own data dir) or pg (a fresh database on the throwaway cluster).
atlas_start() { # name db [extra java options...]
  local name=$1 db=$2; shift 2
  ATLAS_PORT=$(free_port)
  local data="$TMP/atlas-$name" url="" cds=true
  mkdir -p "$data"
  # Recording JFR in a server that runs from the class-data archive crashes some JDK 17 builds (README,
  # "Cold start"): profiled runs start without it.
  [[ "${BENCH_PROFILE:-0}" == 1 ]] && cds=false
  if [[ "$db" == pg ]]; then
    pg_start
    url=$(new_database "bench_${name//-/_}")
  fi
  # The load comes from one loopback client standing for many: no per-client rate limit (it would answer
  # 429 past 100 reads/s), as the server would be configured for a known load balancer.
  # shellcheck disable=SC2086
  env ATLAS_PORT="$ATLAS_PORT" ATLAS_DATA_DIR="$data" ${url:+DATABASE_URL="$url"} \
    ATLAS_UPSTREAM_ALLOW_PRIVATE=true ATLAS_CDS="$cds" ${BENCH_ATLAS_ENV:-} ATLAS_RATE_LIMIT_READ=off ATLAS_RATE_LIMIT_WRITE=off \
    java ${BENCH_ATLAS_JAVA_OPTS:-} "$@" -jar "$JAR" >"$TMP/atlas-$name.log" 2>&1 &
  ATLAS_PID=$!
  PIDS+=("$ATLAS_PID")
  ATLAS_DB_NAME="bench_${name//-/_}"
  wait_http "http://127.0.0.1:$ATLAS_PORT/internal/healthcheck" 180 \
    || die "Atlas ($name) did not become healthy: $(tail -20 "$TMP/atlas-$name.log")"
  log "Atlas ($name, $db) healthy on port $ATLAS_PORT"
}

atlas_stop() { # pid
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# The JVM that serves: java -jar runs the server in a child JVM that maps the class-data archive (README,
# "Cold start"); without the archive it is the java -jar process itself.
server_jvm() { # pid
  local child
  child=$(pgrep -n -P "$1" java 2>/dev/null || true)
  echo "${child:-$1}"
}

# CPU time (user + system, ms) used so far by a process and its children.
cpu_ms() { # pid
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    [[ -r /proc/$p/stat ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}

# With BENCH_PROFILE=1: a JFR recording (settings=profile) of the server around one measurement, and
# its summary (io.p3.atlas.bench.JfrTop) next to the results.
profile_start() { # pid
  [[ "${BENCH_PROFILE:-0}" == 1 ]] || return 0
  jcmd "$(server_jvm "$1")" JFR.start name=bench settings=profile >/dev/null
}
profile_stop() { # pid id
  [[ "${BENCH_PROFILE:-0}" == 1 ]] || return 0
  local jfr="$RESULTS/$DATE-$2.jfr"
  jcmd "$(server_jvm "$1")" JFR.stop name=bench filename="$jfr" >/dev/null
  bench_java JfrTop --jfr "$jfr" --top 30 >"$RESULTS/$DATE-$2.profile.txt" 2>&1 || true
  log "profile: $jfr (summary: ${jfr%.jfr}.profile.txt)"
}
