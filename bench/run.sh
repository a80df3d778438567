#!/usr/bin/env bash
# Side-by-side benchmarks of Atlas Transport (issue 11): every Atlas workload and its baseline measured in
# the same run with the same load, printed as one table and written to bench/results/<date>-<scenario>.json.
#
#   bench/run.sh <scenario>...|all     e.g.  BENCH_DURATION=30s bench/run.sh list-channels get-channel
#
# Scenarios: node-writes list-channels grpc-list-channels get-channel content-1m content-range ingest
#            cold-start import single-connection (informational: issue 11's one-connection observation)
# Settings (environment):
#   BENCH_DURATION=10s          measured time of each side (wrk/pgbench/GrpcLoad syntax: 10s, 1m)
#   BENCH_WARMUP=10s            unrecorded warm-up before each side (JIT, pools, caches), at least; then, for
#                               a JVM under test (Atlas, the minimal grpc-java server), more in 5 s steps until
#                               its JIT compiled less than BENCH_SETTLE_MS in a step (on 2 cores C2 takes a
#                               whole core for the first 20-40 s of load)
#   BENCH_WARMUP_MAX=120s       the longest warm-up of one side
#   BENCH_SETTLE_MS=250         JIT compile time per 5 s step under which a JVM counts as warm
#   BENCH_CONNECTIONS=64        connections (= concurrent callers) for node writes, reads and ingestion
#   BENCH_CONTENT_CONNECTIONS=32  connections for the /content scenarios
#   BENCH_WALLETS=10000         wallets the node writes spread over
#   BENCH_BATCH=100             events per IngestEvents call
#   BENCH_COPY_MIN_ROWS=100000  the COPY baseline repeats the stored events up to this many rows
#   BENCH_COLD_RUNS=5           cold starts (the median counts)
#   BENCH_READ_DB=pg            database of the read scenarios: pg (throwaway PostgreSQL) or h2
#   BENCH_PG_FSYNC=on           fsync of the throwaway PostgreSQL cluster (writes are acknowledged after commit)
#   BENCH_PROFILE=0             1: JFR recording of the server during each Atlas side, plus a hot-method
#                               summary, next to the results (bench/results/<date>-<id>.jfr / .profile.txt)
#   BENCH_ATLAS_JAVA_OPTS=      extra JVM options for the server (default: none, java -jar as a user runs it)
#   BENCH_ATLAS_ENV=            extra settings for the server, e.g. "ATLAS_NODE_WRITE_LANES=2" (default: none)
#   BENCH_BUILD=0               1: rebuild the server jar and the bench classes first
# Needs Java 17; installs wrk, nginx-light and postgresql with apt-get when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LUA="$ROOT/bench/lua"
JAR="$ROOT/atlas-server/target/atlas-server.jar"
RESULTS="$ROOT/bench/results"
SCENARIOS=(node-writes list-channels grpc-list-channels get-channel single-connection content-1m content-range ingest
  cold-start import)

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-10s}
WARMUP_MAX=${BENCH_WARMUP_MAX:-120s}
SETTLE_STEP=5
SETTLE_MS=${BENCH_SETTLE_MS:-250}
CONNS=${BENCH_CONNECTIONS:-64}
CONTENT_CONNS=${BENCH_CONTENT_CONNECTIONS:-32}
WALLETS=${BENCH_WALLETS:-10000}
BATCH=${BENCH_BATCH:-100}
COLD_RUNS=${BENCH_COLD_RUNS:-5}
READ_DB=${BENCH_READ_DB:-pg}
WRK_THREADS=$(nproc)
GROUP=Group07

# shellcheck source=lib/infra.sh
source "$ROOT/bench/lib/infra.sh"
# shellcheck source=lib/measure.sh
source "$ROOT/bench/lib/measure.sh"
# shellcheck source=lib/scenarios.sh
source "$ROOT/bench/lib/scenarios.sh"
# shellcheck source=lib/scenarios-batch.sh
source "$ROOT/bench/lib/scenarios-batch.sh"

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 2
}

[[ $# -ge 1 ]] || usage
if [[ "$*" == all ]]; then
  SELECTED=("${SCENARIOS[@]}")
  SCENARIO=all
else
  for s in "$@"; do
    [[ " ${SCENARIOS[*]} " == *" $s "* ]] || usage
  done
  SELECTED=("$@")
  SCENARIO=$(IFS=+; echo "$*")
fi

TMP=$(mktemp -d /tmp/atlas-bench.XXXXXX)
DOCROOT="$TMP/www"
mkdir -p "$DOCROOT" "$RESULTS"
trap cleanup EXIT
trap 'exit 130' INT TERM

DATE=$(date -u +%Y-%m-%d)
RUN="$TMP/run.tsv"
need_tools
build
{
  printf 'S\tdate: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'S\tmachine: %s cores (%s), %s MiB RAM, load average at start %s\n' "$(nproc)" \
    "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)" "$(awk '/MemTotal/{print int($2/1024)}' /proc/meminfo)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'S\tcommit: %s\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf 'S\tload: %s per side after a warm-up of %s, longer for a JVM until its JIT settled (< %s ms compiling per %s s, %s at most); %s connections (content: %s); %s wallets; batches of %s\n' \
    "$DURATION" "$WARMUP" "$SETTLE_MS" "$SETTLE_STEP" "$WARMUP_MAX" "$CONNS" "$CONTENT_CONNS" "$WALLETS" "$BATCH"
  printf 'S\tgenerators: wrk (HTTP) and GrpcLoad (grpc-java) on the same 2-core machine as the servers; each Atlas side and its baseline use the same generator\n'
  printf 'S\tjava: %s\n' "$(java -version 2>&1 | head -1)"
} >"$RUN"

for s in "${SELECTED[@]}"; do
  log "scenario $s"
  "scenario_${s//-/_}"
done

cp "$RUN" "$RESULTS/$DATE-$SCENARIO.tsv"
bench_java Report --run "$RUN" --json "$RESULTS/$DATE-$SCENARIO.json" --title "bench/run.sh $SCENARIO"
