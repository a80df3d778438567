# shellcheck shell=bash
# Measurements for bench/run.sh: each appends one "M" line (see io.p3.atlas.bench.Measurement) to $RUN;
# targets are "T" lines (see io.p3.atlas.bench.Report).

measure_line() { # id label conns seconds throughput unit p50_ms p99_ms p999_ms errors note
  local IFS=$'\t'
  printf 'M\t%s\n' "$*" >>"$RUN"
}

target_ratio() { # atlas_id baseline_id min_ratio [max_p99_ratio]
  printf 'T\t%s\tratio\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:--}" >>"$RUN"
}

target_max_ms() { # atlas_id limit_ms
  printf 'T\t%s\tmax_ms\t-\t%s\t-\n' "$1" "$2" >>"$RUN"
}

secs() { # "10s" | "2m" | "10" -> whole seconds
  case "$1" in
    *ms) echo 1 ;;
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}

# Compile time (ms) the JIT of JVM $1 (or of its java child, the server behind the launcher) has used so far;
# empty when it can't be read.
jit_ms() { # pid
  jstat -compiler "$(server_jvm "$1")" 2>/dev/null | awk 'NR==2 {printf "%d", $4 * 1000}'
}

# The warm-up of one side: $WARMUP of load, then more load in steps of $SETTLE_STEP s while the JIT of the
# JVM under test ($1; none for nginx or pgbench) compiled $SETTLE_MS ms or more in the last step, $WARMUP_MAX
# at most in all. On 2 cores the JIT's compiler thread takes a whole core for the first 20-40 s of load, so
# a fixed short warm-up measured the JIT as much as the server. Runs `command seconds args...` for each
# piece of load. Sets WARMED (seconds) and WARM_NOTE.
warm_up() { # jvm_pid command [args...]
  local pid=$1 cmd=$2; shift 2
  WARMED=$(secs "$WARMUP")
  "$cmd" "$WARMED" "$@"
  WARM_NOTE="warm-up ${WARMED} s"
  [[ -n "$pid" ]] || return 0
  local before after max
  max=$(secs "$WARMUP_MAX")
  before=$(jit_ms "$pid")
  [[ -n "$before" ]] || return 0
  while ((WARMED < max)); do
    "$cmd" "$SETTLE_STEP" "$@"
    WARMED=$((WARMED + SETTLE_STEP))
    after=$(jit_ms "$pid")
    if ((after - before < SETTLE_MS)); then
      WARM_NOTE="warm-up ${WARMED} s, until the JIT settled ($((after - before)) ms compiling in the last ${SETTLE_STEP} s)"
      return 0
    fi
    before=$after
  done
  WARM_NOTE="warm-up ${WARMED} s (the maximum; the JIT still compiled $((after - before)) ms in the last ${SETTLE_STEP} s)"
}

# Unrecorded wrk load for warm_up.
wrk_load() { # seconds conns url script [BENCH_* env assignments...]
  local seconds=$1 conns=$2 url=$3 script=$4; shift 4
  env "$@" BENCH_LUA="$LUA" WRK_OUT=/dev/null wrk -t"$((conns < WRK_THREADS ? conns : WRK_THREADS))" -c"$conns" \
    -d"${seconds}s" --timeout 30s -s "$LUA/$script" "$url" >/dev/null
}

# wrk against a URL: the warm-up (see warm_up; JVM_PID names the JVM under test, if any), then the measured run
# with the same connections and duration. WRK_NO_WARMUP=1 skips the warm-up. Sets WRK_OK (2xx answers),
# WRK_SECONDS, WRK_P50/P99/P999 (ms), WRK_ERRORS, WRK_NOTE.
wrk_run() { # id conns url script [BENCH_* env assignments...]
  local id=$1 conns=$2 url=$3 script=$4; shift 4
  local out="$TMP/wrk-$id.tsv" threads=$((conns < WRK_THREADS ? conns : WRK_THREADS))
  if [[ "${WRK_NO_WARMUP:-0}" != 1 ]]; then # else the caller warmed up (and set WARM_NOTE)
    warm_up "${JVM_PID:-}" wrk_load "$conns" "$url" "$script" "$@"
  fi
  [[ -n "${PROFILE_PID:-}" ]] && profile_start "$PROFILE_PID"
  env "$@" BENCH_LUA="$LUA" WRK_OUT="$out" wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 30s \
    -s "$LUA/$script" "$url" >"$TMP/wrk-$id.log"
  [[ -n "${PROFILE_PID:-}" ]] && profile_stop "$PROFILE_PID" "$id"
  local requests dur cerr rerr werr serr terr p50 p99 p999
  IFS=$'\t' read -r requests dur cerr rerr werr serr terr p50 p99 p999 <"$out"
  WRK_SECONDS=$(awk -v d="$dur" 'BEGIN{printf "%.3f", d/1e6}')
  WRK_OK=$((requests - serr))
  WRK_ERRORS=$((cerr + rerr + werr + serr + terr))
  WRK_P50=$(ms "$p50") WRK_P99=$(ms "$p99") WRK_P999=$(ms "$p999")
  WRK_NOTE="wrk -t$threads${WARM_NOTE:+; $WARM_NOTE}"
  ((serr > 0)) && WRK_NOTE+="; non-2xx answers (429 for a full queue, 503…): $serr"
  ((terr > 0)) && WRK_NOTE+="; timeouts: $terr"
  return 0
}

wrk_measure() { # id label conns url script [BENCH_* env assignments...]
  local id=$1 label=$2 conns=$3; shift 3
  wrk_run "$id" "$conns" "$@"
  measure_line "$id" "$label" "$conns" "$WRK_SECONDS" "$(rate "$WRK_OK" "$WRK_SECONDS")" "req/s" \
    "$WRK_P50" "$WRK_P99" "$WRK_P999" "$WRK_ERRORS" "$WRK_NOTE"
  log "$label: $(rate "$WRK_OK" "$WRK_SECONDS") req/s, p99 $WRK_P99 ms${WARM_NOTE:+ ($WARM_NOTE)}"
}

# The share of the machine's CPU time that was idle over the next second, in percent.
idle_percent() {
  local a b
  a=$(awk '/^cpu /{print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat)
  sleep 1
  b=$(awk '/^cpu /{print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat)
  echo "$a $b" | awk '{d = $4 - $2; print (d > 0) ? int(100 * ($3 - $1) / d) : 100}'
}

# Waits until the machine is at least 90 % idle, at most max_seconds; QUIET_WAITED says how many seconds it
# waited, QUIET_NOTE the same in words. What an earlier scenario left behind (PostgreSQL's autovacuum and
# checkpoint after a million-row ingestion) would otherwise be measured as part of a start-up.
wait_quiet() { # max_seconds
  local idle
  QUIET_WAITED=0
  idle=$(idle_percent)
  while ((idle < 90 && QUIET_WAITED < $1)); do
    QUIET_WAITED=$((QUIET_WAITED + 1))
    idle=$(idle_percent)
  done
  QUIET_NOTE="${QUIET_WAITED} s waited for an idle machine (then ${idle} % idle)"
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.3f", n/s}'; }
ms() { awk -v us="$1" 'BEGIN{printf "%.3f", us/1000}'; }

# gRPC load from the Java generator (io.p3.atlas.bench.GrpcLoad), warm-up included: the same rule as warm_up,
# applied by the generator (to the JVM under test, JVM_PID, and to its own JIT).
grpc_measure() { # id label conns host:port rpc [GrpcLoad options...]
  local id=$1 label=$2 conns=$3 target=$4 rpc=$5; shift 5
  local settle=()
  [[ -n "${JVM_PID:-}" ]] && settle=(--settle-pid "$(server_jvm "$JVM_PID")")
  if [[ -n "${PROFILE_PID:-}" && "${BENCH_PROFILE:-0}" == 1 ]]; then
    # The recording starts once the generator says its warm-up ended (JFR.start is cheap; the warm-up is not recorded).
    (for _ in $(seq 1 $((10 * $(secs "$WARMUP_MAX") + 100))); do
       grep -q '^measuring' "$TMP/grpc-$id.log" 2>/dev/null && break; sleep 0.1
     done; profile_start "$PROFILE_PID") &
  fi
  bench_java GrpcLoad --target "$target" --rpc "$rpc" --connections "$conns" --duration "$DURATION" \
    --warmup "$WARMUP" --warmup-max "$WARMUP_MAX" --settle-step "${SETTLE_STEP}s" --settle-ms "$SETTLE_MS" \
    "${settle[@]}" --id "$id" --label "$label" --out "$RUN" "$@" >"$TMP/grpc-$id.log" 2>&1 \
    || die "$label failed: $(tail -5 "$TMP/grpc-$id.log")"
  [[ -n "${PROFILE_PID:-}" ]] && profile_stop "$PROFILE_PID" "$id"
  log "$(tail -1 "$TMP/grpc-$id.log")"
}

# pgbench running one SQL script per transaction: warm-up, then measured with per-transaction latencies.
pgbench_measure() { # id label conns db script
  local id=$1 label=$2 conns=$3 db=$4 script=$5
  local threads=$((conns < WRK_THREADS ? conns : WRK_THREADS))
  "$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U atlas -c "$conns" -j "$threads" -T "$(secs "$WARMUP")" \
    -f "$script" "$db" >/dev/null 2>&1
  mkdir -p "$TMP/pgbench-$id"
  (cd "$TMP/pgbench-$id" && "$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U atlas -c "$conns" \
    -j "$threads" -T "$(secs "$DURATION")" -f "$script" -l --log-prefix=tx "$db" >"$TMP/pgbench-$id.log" 2>&1) \
    || die "pgbench failed: $(tail -5 "$TMP/pgbench-$id.log")"
  local tps
  tps=$(awk '/^tps = /{print $3; exit}' "$TMP/pgbench-$id.log")
  local p50 p99 p999 failed
  read -r p50 p99 p999 < <(cat "$TMP/pgbench-$id"/tx.* | awk '{print $3}' | sort -n | awk '
    {v[NR]=$1} END{printf "%.3f %.3f %.3f\n", v[int(NR*0.5)+1]/1000, v[int(NR*0.99)+1]/1000, v[int(NR*0.999)+1]/1000}')
  failed=$(awk '/number of failed transactions/{print $5; exit}' "$TMP/pgbench-$id.log")
  measure_line "$id" "$label" "$conns" "$(secs "$DURATION")" "$tps" "tps" "$p50" "$p99" "$p999" "${failed:-0}" \
    "pgbench -j$threads, one connection per client"
  log "$label: $tps tps"
}
