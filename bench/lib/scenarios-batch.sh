# shellcheck shell=bash
# The batch and start-up scenarios of bench/run.sh: analytics ingestion, cold start, playlist import.

events_stored() { # db
  psql_db "$1" -tA -c "SELECT count(*) FROM analytics_events"
}

# Waits until the stored count stops moving for a second (the writer drained its queue); prints it.
events_drained() { # db
  local last=-1 now
  while :; do
    now=$(events_stored "$1")
    [[ "$now" == "$last" ]] && { echo "$now"; return 0; }
    last=$now
    sleep 1
  done
}

# IngestEvents (batches of $BATCH) over HTTP/JSON until every accepted event is stored, against COPY of
# the very rows stored, into a table of the same shape (indexes included).
scenario_ingest() {
  atlas_start ingest pg
  local pid=$ATLAS_PID port=$ATLAS_PORT db=$ATLAS_DB_NAME
  local before start measured expected stored end seconds
  warm_up "$pid" wrk_load "$CONNS" "http://127.0.0.1:$port" ingest.lua BENCH_BATCH="$BATCH"
  before=$(events_drained "$db")
  PROFILE_PID=$pid
  start=$(now_ms)
  WRK_NO_WARMUP=1 wrk_run ingest-atlas "$CONNS" "http://127.0.0.1:$port" ingest.lua BENCH_BATCH="$BATCH"
  PROFILE_PID=
  measured=$((WRK_OK * BATCH))
  expected=$((before + measured))
  for _ in $(seq 1 3000); do
    stored=$(events_stored "$db")
    ((stored >= expected)) && break
    sleep 0.1
  done
  end=$(now_ms)
  ((stored >= expected)) || log "warning: only $((stored - before)) of $measured accepted events stored after 300 s"
  seconds=$(awk -v ms="$((end - start))" 'BEGIN{printf "%.3f", ms/1000}')
  measure_line ingest-atlas "IngestEvents batches of $BATCH until stored: Atlas HTTP/JSON" "$CONNS" "$seconds" \
    "$(rate "$((stored - before))" "$seconds")" "events/s" "$WRK_P50" "$WRK_P99" "$WRK_P999" "$WRK_ERRORS" \
    "$WRK_NOTE; latency: one batch's answer; $measured events accepted in ${WRK_SECONDS} s, all stored after $seconds s"
  log "ingest: $measured events accepted, stored after $seconds s ($WRK_NOTE)"

  psql_db "$db" -c "CREATE TABLE bench_events_copy (LIKE analytics_events INCLUDING ALL)"
  local cols="name, event_time, receive_time, anon_user_id, stream_id, asset_id, app_id, properties"
  psql_db "$db" -c "\\copy (SELECT $cols FROM analytics_events ORDER BY id DESC LIMIT $measured) TO '$TMP/events.csv' WITH (FORMAT csv)"
  # Too few rows would time psql's start, not COPY: repeat the same rows up to BENCH_COPY_MIN_ROWS.
  local rows t0 t1 copies=1
  rows=$(wc -l <"$TMP/events.csv")
  ((rows > 0)) || die "no events stored"
  while ((rows * copies < ${BENCH_COPY_MIN_ROWS:-100000})); do copies=$((copies + 1)); done
  for _ in $(seq 2 "$copies"); do head -n "$rows" "$TMP/events.csv"; done >>"$TMP/events.csv"
  rows=$(wc -l <"$TMP/events.csv")
  t0=$(now_ms)
  psql_db "$db" -c "\\copy bench_events_copy ($cols) FROM '$TMP/events.csv' WITH (FORMAT csv)"
  t1=$(now_ms)
  seconds=$(awk -v ms="$((t1 - t0))" 'BEGIN{printf "%.3f", ms/1000}')
  measure_line ingest-copy "IngestEvents: COPY of the same rows, one psql (baseline)" 1 "$seconds" \
    "$(rate "$rows" "$seconds")" "rows/s" - - - 0 "$rows rows (the stored events x$copies), psql \\copy, one transaction"
  target_ratio ingest-atlas ingest-copy 0.5
  atlas_stop "$pid"
}

# java -jar to a healthy /internal/healthcheck on a fresh embedded H2, $COLD_RUNS times; the median counts.
scenario_cold_start() {
  local times=() cpus=() quiet=() i port pid t0 t1
  for i in $(seq 1 "$COLD_RUNS"); do
    wait_quiet 60
    quiet+=("${QUIET_WAITED} s")
    port=$(free_port)
    mkdir -p "$TMP/cold-$i"
    t0=$(now_ms)
    # shellcheck disable=SC2086
    ATLAS_PORT=$port ATLAS_DATA_DIR="$TMP/cold-$i" java ${BENCH_ATLAS_JAVA_OPTS:-} -jar "$JAR" \
      >"$TMP/cold-$i.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    wait_http "http://127.0.0.1:$port/internal/healthcheck" 120 || die "cold start $i: not healthy"
    t1=$(now_ms)
    times+=($((t1 - t0)))
    cpus+=("$(cpu_ms "$pid")")
    atlas_stop "$pid"
    log "cold start $i: $((t1 - t0)) ms (CPU ${cpus[-1]} ms; $QUIET_NOTE before)"
  done
  local sorted median
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | awk '{v[NR]=$1} END{print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')
  measure_line cold-start "cold start: java -jar to healthy, H2 (median of $COLD_RUNS)" - - - s "$median" - - 0 \
    "runs (ms): ${times[*]}; CPU used until healthy (ms, the JVMs' user + system time, which a busy machine does not stretch): ${cpus[*]}; fresh data dir each; each run after the machine was 90 % idle (seconds waited for that: ${quiet[*]})"
  target_max_ms cold-start 2000
}

# ImportChannels of a 100 000-entry playlist by URL (served by nginx), on H2 and on PostgreSQL, -Xmx256m.
scenario_import() {
  nginx_start
  playlist 100000 50 "$DOCROOT/playlist-100k.m3u"
  chmod a+r "$DOCROOT/playlist-100k.m3u"
  local db limit pid t0 t1 answer
  for db in h2 pg; do
    atlas_start "import-$db" "$db" -Xmx256m
    pid=$ATLAS_PID
    PROFILE_PID=$pid
    profile_start "$pid"
    t0=$(now_ms)
    answer=$(import_playlist "$ATLAS_PORT" "http://127.0.0.1:$NGINX_PORT/playlist-100k.m3u") \
      || die "import on $db failed: $(tail -5 "$TMP/atlas-import-$db.log")"
    t1=$(now_ms)
    profile_stop "$pid" "import-$db"
    PROFILE_PID=
    [[ "$answer" == *'"importedCount": 100000'* || "$answer" == *'"importedCount":100000'* ]] \
      || log "warning: import on $db answered $answer"
    limit=$([[ $db == h2 ]] && echo 10000 || echo 5000)
    measure_line "import-$db" "playlist import, 100 000 entries by URL: $([[ $db == h2 ]] && echo H2 || echo PostgreSQL), -Xmx256m" \
      1 - - s "$((t1 - t0))" - - 0 "$(echo "$answer" | tr -d '\n ' | cut -c1-120)"
    target_max_ms "import-$db" "$limit"
    atlas_stop "$pid"
  done
}
