#!/usr/bin/env bash
# Where the cold start of the server jar goes (issue 11's "java -jar to healthy"): starts
# atlas-server/target/atlas-server.jar on a fresh embedded H2 with the class-load log and a JFR recording,
# waits until /internal/healthcheck answers, stops it, and prints
#   - time to healthy, classes loaded (and how many came from the jar rather than the JDK's CDS archive),
#   - a timeline: when the first class of each library/phase was loaded (uptime, s),
#   - the CPU samples of the start-up by Atlas frame (io.p3.atlas.bench.JfrTop).
# Then the same start with an AppCDS archive made by a first run (-XX:ArchiveClassesAtExit), to show what
# class-data sharing would save.  Usage: bench/startup-profile.sh   (build first: see bench/run.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/atlas-server/target/atlas-server.jar"
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
TMP=$(mktemp -d /tmp/atlas-startup.XXXXXX)
PID=""
trap '[[ -n "$PID" ]] && kill -KILL "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

start() { # name java-options... ; prints ms to healthy
  local name=$1 port=$((20000 + RANDOM % 40000)) t0 t1; shift
  mkdir -p "$TMP/$name"
  t0=$(now_ms)
  ATLAS_PORT=$port ATLAS_DATA_DIR="$TMP/$name/data" java "$@" -jar "$JAR" >"$TMP/$name/out.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/internal/healthcheck"; do
    kill -0 "$PID" 2>/dev/null || { cat "$TMP/$name/out.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(now_ms)
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo $((t1 - t0))
}

ms=$(start profiled -Xlog:class+load=info:file="$TMP/classes.log":uptime \
  -XX:StartFlightRecording=filename="$TMP/start.jfr",settings=profile,dumponexit=true)
echo "healthy after $ms ms (with class-load logging and JFR on)"
total=$(grep -c 'source:' "$TMP/classes.log" || true)
shared=$(grep -c 'source: shared objects file' "$TMP/classes.log" || true)
echo "classes loaded: $total ($shared from the JDK's CDS archive, $((total - shared)) parsed from jars/JDK modules)"
echo
echo "phases: uptime (s) when each marker class was first loaded, and the classes loaded since the previous marker"
markers=()
for cls in io.p3.atlas.server.Main io.p3.atlas.server.persistence.Database org.flywaydb.core.Flyway \
  org.apache.ibatis.session.Configuration io.p3.atlas.server.upstream.UpstreamFetcher \
  io.p3.atlas.server.node.NodeFeature io.p3.atlas.server.analytics.AnalyticsFeature \
  io.p3.atlas.server.content.ContentFeature io.p3.atlas.server.relay.RelayFeature \
  io.p3.atlas.server.catalog.CatalogFeature \
  com.linecorp.armeria.server.grpc.GrpcService io.grpc.protobuf.services.ProtoReflectionServiceV1 \
  org.curioswitch.common.protobuf.json.MessageMarshaller com.linecorp.armeria.server.Server \
  com.linecorp.armeria.server.docs.DocService com.linecorp.armeria.server.prometheus.PrometheusExpositionService \
  com.linecorp.armeria.server.healthcheck.HealthCheckService; do
  hit=$(grep -n -m1 " ${cls//./\\.} source:" "$TMP/classes.log" || true)
  [[ -n "$hit" ]] && markers+=("${hit%%:*} $(echo "${hit#*:}" | sed -n 's/^\[\([0-9.]*\)s\].*/\1/p') $cls")
done
prev_line=0 prev_t=0
while read -r line t cls; do
  printf '  %-66s %7s s  (+%5d classes, +%s s)\n' "$cls" "$t" "$((line - prev_line))" \
    "$(awk -v a="$t" -v b="$prev_t" 'BEGIN{printf "%.2f", a-b}')"
  prev_line=$line prev_t=$t
done < <(printf '%s\n' "${markers[@]}" | sort -n)
echo "  (healthy at about $(awk -v ms="$ms" 'BEGIN{printf "%.2f", ms/1000}') s after launch)"
echo
echo "classes by origin (top 12 jar packages, 3 levels):"
grep -v 'shared objects file' "$TMP/classes.log" | sed -n 's/.*\] \([a-zA-Z0-9_]*\.[a-zA-Z0-9_]*\.[a-zA-Z0-9_]*\).*source:.*/\1/p' \
  | sort | uniq -c | sort -rn | head -12 || true
echo
java -cp "$CP" io.p3.atlas.bench.JfrTop --jfr "$TMP/start.jfr" --top 25 | sed -n '1,/== CPU, self time/p;/== CPU, total time in/,/== in native code, by thread/p'
echo
median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
runs=${STARTUP_RUNS:-3}
start dump -XX:ArchiveClassesAtExit="$TMP/app.jsa" >/dev/null
for variant in plain cds c1; do
  case $variant in
    plain) opts=(); what="plain java -jar" ;;
    cds) opts=(-XX:SharedArchiveFile="$TMP/app.jsa"); what="with an AppCDS archive of this jar (-XX:SharedArchiveFile)" ;;
    c1) opts=(-XX:TieredStopAtLevel=1); what="with -XX:TieredStopAtLevel=1 (C1 only)" ;;
  esac
  times=()
  for i in $(seq 1 "$runs"); do times+=("$(start "$variant-$i" "${opts[@]}")"); done
  echo "$what: median $(printf '%s\n' "${times[@]}" | median) ms to healthy (runs: ${times[*]})"
done
