# shellcheck shell=bash
# The scenarios of bench/run.sh (issue 11): each measures Atlas and its baseline in the same run with the
# same load, and writes its targets.

# An M3U playlist of n entries spread over g groups (Group00 … Group<g-1>), deterministic.
playlist() { # entries groups file
  awk -v n="$1" -v g="$2" 'BEGIN {
    print "#EXTM3U"
    for (i = 0; i < n; i++) {
      printf "#EXTINF:-1 tvg-id=\"chan%06d.bench\" tvg-logo=\"https://logos.example.org/%06d.png\"", i, i
      printf " tvg-language=\"English\" group-title=\"Group%02d\",Channel %06d (720p) [Not 24/7]\n", i % g, i
      printf "https://streams.example.org/live/%06d/index.m3u8\n", i
    }
  }' >"$3"
}

import_playlist() { # atlas_port playlist_url -> response JSON on stdout
  curl -sf --max-time 900 -X POST -H 'content-type: application/json' \
    -d "{\"playlistUrl\":\"$2\"}" "http://127.0.0.1:$1/v1/channels:import"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

scenario_node_writes() {
  atlas_start node-writes pg
  local pid=$ATLAS_PID port=$ATLAS_PORT db=$ATLAS_DB_NAME
  PROFILE_PID=$pid JVM_PID=$pid
  wrk_measure node-writes-http "node writes: Atlas TrackContentServed, HTTP/JSON" "$CONNS" \
    "http://127.0.0.1:$port" node-writes.lua BENCH_WALLETS="$WALLETS"
  grpc_measure node-writes-grpc "node writes: Atlas TrackContentServed, gRPC" "$CONNS" "127.0.0.1:$port" \
    track-content --wallets "$WALLETS"
  PROFILE_PID= JVM_PID=
  # Baseline: the same daily-metrics shape (columns, key, leaderboard indexes), one upsert per transaction.
  psql_db "$db" -c "CREATE TABLE bench_daily_metrics (LIKE node_daily_metrics INCLUDING ALL)"
  cat >"$TMP/upsert.sql" <<SQL
\set w random(0, $((WALLETS - 1)))
INSERT INTO bench_daily_metrics AS t (wallet_address, stats_date, bytes_served, tasks_completed)
VALUES ('0x' || lpad(to_hex(:w), 40, '0'), CURRENT_DATE, 1048576, 1)
ON CONFLICT (wallet_address, stats_date) DO UPDATE SET
  bytes_served = t.bytes_served + EXCLUDED.bytes_served, tasks_completed = t.tasks_completed + EXCLUDED.tasks_completed;
SQL
  pgbench_measure node-writes-pgbench "node writes: pgbench single-row upsert (baseline)" "$CONNS" "$db" \
    "$TMP/upsert.sql"
  target_ratio node-writes-http node-writes-pgbench 2
  target_ratio node-writes-grpc node-writes-pgbench 2
  atlas_stop "$pid"
}

# One Atlas with 20 000 channels in 20 groups, and nginx holding its exact answers, for the read scenarios.
catalog_setup() {
  [[ -n "${CATALOG_PORT:-}" ]] && return 0
  nginx_start
  playlist 20000 20 "$DOCROOT/channels-20k.m3u"
  atlas_start catalog "$READ_DB"
  CATALOG_PID=$ATLAS_PID CATALOG_PORT=$ATLAS_PORT
  import_playlist "$CATALOG_PORT" "http://127.0.0.1:$NGINX_PORT/channels-20k.m3u" >"$TMP/import-20k.json" \
    || die "import of 20 000 channels failed"
  LIST_PATH="/v1/channels?group=$GROUP&pageSize=50"
  curl -sf "http://127.0.0.1:$CATALOG_PORT$LIST_PATH" -o "$DOCROOT/list-channels.json"
  CHANNEL_ID=$(grep -o '"id": *"[^"]*"' "$DOCROOT/list-channels.json" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
  [[ -n "$CHANNEL_ID" ]] || die "no channel in the ListChannels answer"
  curl -sf "http://127.0.0.1:$CATALOG_PORT/v1/channels/$CHANNEL_ID" -o "$DOCROOT/get-channel.json"
  chmod a+r "$DOCROOT"/*.json
  log "catalog: $(cat "$TMP/import-20k.json"); page of $(wc -c <"$DOCROOT/list-channels.json") bytes"
}

# The minimal grpc-java server holding Atlas's own ListChannels / GetChannel answers.
minimal_start() {
  [[ -n "${MINIMAL_PORT:-}" ]] && return 0
  catalog_setup
  MINIMAL_PORT=$(free_port)
  bench_java_bg MinimalCatalogServer --port "$MINIMAL_PORT" --from "127.0.0.1:$CATALOG_PORT" --group "$GROUP" \
    --page-size 50 --channel-id "$CHANNEL_ID" >"$TMP/minimal.log" 2>&1 &
  MINIMAL_PID=$!
  PIDS+=("$MINIMAL_PID")
  for _ in $(seq 1 600); do grep -q '^ready' "$TMP/minimal.log" && break; sleep 0.1; done
  grep -q '^ready' "$TMP/minimal.log" || die "minimal gRPC server did not start: $(cat "$TMP/minimal.log")"
  log "$(head -1 "$TMP/minimal.log"), port $MINIMAL_PORT"
}

# One HTTP workload: Atlas (recorded when BENCH_PROFILE=1) then its baseline, same wrk script and load.
http_versus() { # id conns atlas_pid atlas_url baseline_url script min_ratio atlas_label baseline_label [env...]
  local id=$1 conns=$2 pid=$3 atlas=$4 base=$5 script=$6 min=$7 atlas_label=$8 base_label=$9
  shift 9
  PROFILE_PID=$pid JVM_PID=$pid
  wrk_measure "$id-atlas" "$atlas_label" "$conns" "$atlas" "$script" "$@"
  PROFILE_PID= JVM_PID=
  wrk_measure "$id-baseline" "$base_label" "$conns" "$base" "$script" "$@"
  target_ratio "$id-atlas" "$id-baseline" "$min"
}

# One gRPC workload: Atlas's catalog (recorded when BENCH_PROFILE=1) then the minimal grpc-java server.
grpc_versus() { # id min_ratio max_p99_ratio atlas_label baseline_label rpc [GrpcLoad options...]
  local id=$1 min=$2 p99=$3 atlas_label=$4 base_label=$5
  shift 5
  minimal_start
  PROFILE_PID=$CATALOG_PID JVM_PID=$CATALOG_PID
  grpc_measure "$id-atlas" "$atlas_label" "$CONNS" "127.0.0.1:$CATALOG_PORT" "$@"
  PROFILE_PID= JVM_PID=$MINIMAL_PID
  grpc_measure "$id-baseline" "$base_label" "$CONNS" "127.0.0.1:$MINIMAL_PORT" "$@"
  JVM_PID=
  target_ratio "$id-atlas" "$id-baseline" "$min" "$p99"
}

scenario_list_channels() {
  catalog_setup
  http_versus list-channels "$CONNS" "$CATALOG_PID" "http://127.0.0.1:$CATALOG_PORT$LIST_PATH" \
    "http://127.0.0.1:$NGINX_PORT/list-channels.json" get.lua 0.3 \
    "ListChannels page of 50 (group, 20 000 channels): Atlas HTTP/JSON" \
    "ListChannels: nginx, identical bytes (baseline)"
}

scenario_grpc_list_channels() {
  grpc_versus grpc-list-channels 0.8 1.5 "ListChannels page of 50: Atlas gRPC" \
    "ListChannels: minimal grpc-java server, same bytes (baseline)" list-channels --group "$GROUP" --page-size 50
}

scenario_get_channel() {
  catalog_setup
  http_versus get-channel "$CONNS" "$CATALOG_PID" "http://127.0.0.1:$CATALOG_PORT/v1/channels/$CHANNEL_ID" \
    "http://127.0.0.1:$NGINX_PORT/get-channel.json" get.lua 0.3 "GetChannel: Atlas HTTP/JSON" \
    "GetChannel: nginx, identical bytes (baseline)"
  grpc_versus grpc-get-channel - - "GetChannel: Atlas gRPC" \
    "GetChannel: minimal grpc-java server, same bytes (baseline)" get-channel --channel-id "$CHANNEL_ID"
}

# One Atlas holding a 1 MiB asset, and nginx holding the same file.
content_setup() {
  [[ -n "${CONTENT_PORT:-}" ]] && return 0
  nginx_start
  head -c 1048576 /dev/urandom >"$DOCROOT/asset-1m.bin"
  chmod a+r "$DOCROOT/asset-1m.bin"
  atlas_start content "$READ_DB"
  CONTENT_PID=$ATLAS_PID CONTENT_PORT=$ATLAS_PORT
  curl -sf -T "$DOCROOT/asset-1m.bin" "http://127.0.0.1:$CONTENT_PORT/content/bench-1m?type=media" >/dev/null \
    || die "upload of the 1 MiB asset failed"
  cmp -s <(curl -sf "http://127.0.0.1:$CONTENT_PORT/content/bench-1m") "$DOCROOT/asset-1m.bin" \
    || die "Atlas does not serve the uploaded bytes"
}

scenario_content_1m() {
  content_setup
  http_versus content-1m "$CONTENT_CONNS" "$CONTENT_PID" "http://127.0.0.1:$CONTENT_PORT/content/bench-1m" \
    "http://127.0.0.1:$NGINX_PORT/asset-1m.bin" get.lua 0.7 "GET /content/{id} 1 MiB: Atlas" \
    "GET 1 MiB: nginx sendfile, same file (baseline)"
}

scenario_content_range() {
  content_setup
  http_versus content-range "$CONTENT_CONNS" "$CONTENT_PID" "http://127.0.0.1:$CONTENT_PORT/content/bench-1m" \
    "http://127.0.0.1:$NGINX_PORT/asset-1m.bin" range.lua 0.5 "GET /content/{id} 64 KiB Range: Atlas" \
    "GET 64 KiB Range: nginx, same file (baseline)" BENCH_SIZE=1048576
}

# Issue 11's observation: one connection calling ListChannels (cached) against the health check.
scenario_single_connection() {
  catalog_setup
  PROFILE_PID=$CATALOG_PID JVM_PID=$CATALOG_PID
  wrk_measure single-list-http "ListChannels page of 50, 1 connection: Atlas HTTP/JSON" 1 \
    "http://127.0.0.1:$CATALOG_PORT$LIST_PATH" get.lua
  PROFILE_PID=
  grpc_measure single-list-grpc "ListChannels page of 50, 1 connection: Atlas gRPC" 1 "127.0.0.1:$CATALOG_PORT" \
    list-channels --group "$GROUP" --page-size 50
  wrk_measure single-health "/internal/healthcheck, 1 connection: Atlas (reference)" 1 \
    "http://127.0.0.1:$CATALOG_PORT/internal/healthcheck" get.lua
  JVM_PID=
  target_ratio single-list-http single-health - -
  target_ratio single-list-grpc single-health - -
}
