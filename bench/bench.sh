#!/usr/bin/env bash
# shipshape benchmark: upgrade downtime and wall time, converged no-op cost, heal latency and idle
# footprint, side by side with docker-compose (1.29, Debian) on the same stack in the same run.
#
#   bench/bench.sh [-n "5 20"] [-r 3] [--payload-mb 20] [--images K] [--out FILE] [--smoke]
#   bench/bench.sh snapshot [-r 3] [--sizes "100 1024"] [--out FILE]   volume snapshots (bench/snapshot.sh)
#   bench/bench.sh swarm [-n 5] [-r 3] [--payload-mb 20] [--out FILE]  the same upgrade on one host and on a
#             one-node swarm, side by side (bench/swarm.sh, issue 16)
#     -n        the stack sizes N (services), default "5 20"; the full matrix is -n "5 20 100"
#     -r        repetitions of every measurement, default 3
#     --payload-mb  size of the random payload of every image, default 20
#     --images  distinct images per version (services share them round-robin), default min(N, 10)
#     --health-interval  seconds between two health checks of a service, default max(1, N/20): every
#               check is a `docker exec`, and 2 cores run about 20 of them a second, so the interval
#               grows with N to keep the stack's own checks from saturating the host
#     --out     where the report goes, default bench/RESULTS.md (--smoke: a temp file)
#     --smoke   N=2, one repetition, 1 MB payload, no idle minute: checks that the benchmark runs
#     --upgrade-only  only section 1 (the upgrades), for quick iterations on the rollout
#     --strategies  the shipshape rollout strategies measured, default "window one-at-a-time"
#     --skip-runbook  leaves out the runbook (down, pull, up -d) upgrade, to keep a run short
#     BENCH_KEEP=1 keeps the work dir: per upgrade the prober's lines, its gaps in wall-clock ms (probe-*.gaps: port,
#               from, to) and the apply's log; BENCH_EVENTS=1 adds the engine's events of the stack's containers
#               (events-*: ns timestamp, action, name), to lay the engine's stops and starts beside the gaps
#     --layers  L   dependency layers: the N services in L blocks, each service of block k > 1 depending on every
#               service of block k - 1 (default 1: no depends_on); a server whose services need each other
#     --depends-on  healthy | started  the condition of those depends_on (default healthy: service_healthy)
#     --no-upgrade    only sections 2-4 (no-op, heal, footprint): where docker-compose cannot start N
#               services reliably (1.29 fails or hangs at N = 100 on this host now and then)
#
# Needs: a Docker engine (DOCKER_HOST; . .test-env/env for the private one), the registry at
# $SHIPSHAPE_TEST_REGISTRY (default 127.0.0.1:5000), docker-compose, busybox, java 17, and a C compiler
# with a static libc (gcc, libc6-dev) for the service bench/svc.c.
# Network: everything on 127.0.0.1, host networking only, no Docker network is created. Every
# container and image the benchmark creates is labelled dev.shipshape.bench and removed at the end.
set -euo pipefail
# bench/bench.sh snapshot [...]: the volume snapshot benchmark instead (bench/snapshot.sh, issue 19)
if [ "${1:-}" = snapshot ]; then shift; exec "$(dirname "${BASH_SOURCE[0]}")/snapshot.sh" "$@"; fi
# bench/bench.sh swarm [...]: one host and a one-node swarm side by side (bench/swarm.sh sources this file with
# BENCH_LIB=1 for its functions: everything below up to main)
if [ "${1:-}" = swarm ]; then shift; exec "$(dirname "${BASH_SOURCE[0]}")/swarm.sh" "$@"; fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
REGISTRY="${SHIPSHAPE_TEST_REGISTRY:-127.0.0.1:5000}"
DOCKER_SOCK="${DOCKER_HOST:-unix:///var/run/docker.sock}"; DOCKER_SOCK="${DOCKER_SOCK#unix://}"
STRATEGIES="window one-at-a-time" SKIP_RUNBOOK=0 SIZES="5 20" REPS=3 PAYLOAD_MB=20 IMAGES="" HEALTH_INTERVAL="" OUT="" SMOKE=0 IDLE_SECONDS=60 HEAL_TIMEOUT_MS=30000 UPGRADE_ONLY=0 NO_UPGRADE=0 LAYERS=1 DEPENDS_ON=healthy
while [ $# -gt 0 ]; do
  case "$1" in
    -n) SIZES="$2"; shift 2 ;;
    -r) REPS="$2"; shift 2 ;;
    --payload-mb) PAYLOAD_MB="$2"; shift 2 ;;
    --images) IMAGES="$2"; shift 2 ;;
    --health-interval) HEALTH_INTERVAL="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    --upgrade-only) UPGRADE_ONLY=1; shift ;;
    --strategies) STRATEGIES="$2"; shift 2 ;;
    --skip-runbook) SKIP_RUNBOOK=1; shift ;;
    --layers) LAYERS="$2"; shift 2 ;;
    --depends-on) DEPENDS_ON="$2"; shift 2 ;;
    --no-upgrade) NO_UPGRADE=1; shift ;;
    *) sed -n '2,25p' "$0" >&2; exit 2 ;;
  esac
done
if [ "$SMOKE" = 1 ]; then
  SIZES=2 REPS=1 PAYLOAD_MB=1 IDLE_SECONDS=3 HEAL_TIMEOUT_MS=3000
  PROJECT=shipbench-smoke BASE_PORT=19600 RELEASE_PORT=19590 CTL_PORT=19591
else
  PROJECT=${BENCH_PROJECT:-shipbench} BASE_PORT=${BENCH_BASE_PORT:-19000} RELEASE_PORT=${BENCH_RELEASE_PORT:-18480} CTL_PORT=${BENCH_CTL_PORT:-18481}
fi
LABEL="dev.shipshape.bench=$PROJECT"
WORK="$(mktemp -d "/tmp/$PROJECT.XXXXXX")"
[ -n "$OUT" ] || { if [ "$SMOKE" = 1 ]; then OUT="$WORK/RESULTS.md"; else OUT="$HERE/RESULTS.md"; fi; }
JAR="$REPO/controller/target/shipshape.jar"
export COMPOSE_INTERACTIVE_NO_CLI=1
log() { echo "bench: $(date +%T) $*" >&2; }
die() { echo "bench: ERROR: $*" >&2; exit 1; }

# ---------- tools ----------
command -v docker-compose >/dev/null || die "docker-compose is missing (apt-get install docker-compose)"
BUSYBOX=/bin/busybox; [ -x "$BUSYBOX" ] || BUSYBOX="$(command -v busybox)" || die "busybox is missing"
command -v cc >/dev/null || die "a C compiler is missing for the benchmark's service (apt-get install gcc libc6-dev)"
docker version >/dev/null 2>&1 || die "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})"
curl -fsS -o /dev/null --max-time 5 "http://$REGISTRY/v2/" || die "no registry at http://$REGISTRY/v2/"
[ -f "$JAR" ] || (cd "$REPO" && ./mvnw -q -B -DskipTests package)
# the benchmark runs its own copy of the launcher and jar, so a build in the checkout during a run changes
# nothing under it; the copy's class-data archive (it names the jar's path) is written by the first,
# untimed, apply
mkdir -p "$WORK/shipshape/controller/target"
cp -p "$REPO/shipshape" "$WORK/shipshape/shipshape"
cp -p "$JAR" "$WORK/shipshape/controller/target/shipshape.jar"
SHIPSHAPE="$WORK/shipshape/shipshape"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$HERE/BenchTool.java"
# NS_WRAP (bench/swarm.sh): a command prefix (nsenter --net=…) that runs the prober in a swarm's network namespace
tool() { exec ${NS_WRAP:-} java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -cp "$WORK/classes" BenchTool "$@"; }  # run in a subshell or with &

PIDS=()
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  teardown
  local imgs; imgs="$(docker images -q --filter "label=$LABEL" | sort -u)"
  [ -z "$imgs" ] || docker rmi -f $imgs >/dev/null 2>&1
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
teardown() {
  local ids; ids="$(docker ps -aq --filter "label=$LABEL")"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
}

# ---------- statistics ----------
# med_range V...: "median (min–max)"
med_range() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "n/a"; exit}
    m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%g (%g–%g)", m, v[1], v[NR]}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR==0) {print 0; exit} print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a/b }'; }
now_ms() { date +%s%3N; }

# ---------- images and release packages ----------
ports_of() { local n=$1 i; for i in $(seq 1 "$n"); do echo $((BASE_PORT + i)); done; }
img() { echo "$REGISTRY/$PROJECT/svc$1:$2"; }

build_images() { # K
  local k=$1 v i r
  mkdir -p "$WORK/base/bin" "$WORK/base/etc" "$WORK/base/tmp" "$WORK/base/www" "$WORK/base/app"
  cp "$BUSYBOX" "$WORK/base/bin/busybox"
  for a in sh httpd wget sleep cat cp mkdir kill; do ln -sf busybox "$WORK/base/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$WORK/base/etc/passwd"
  # the service (bench/svc.c): serves /version.txt on 127.0.0.1:$PORT from one process, keeping
  # connections open, and stops at once on SIGTERM
  cc -O2 -static -o "$WORK/base/app/svc" "$HERE/svc.c" || die "cannot build bench/svc.c (cc -static needs gcc and libc6-dev)"
  cat >"$WORK/base/app/run.sh" <<'EOF'
#!/bin/sh
exec /app/svc
EOF
  for v in 1.0.0 1.1.0; do
    for i in $(seq 1 "$k"); do
      r="$WORK/rootfs"; rm -rf "$r"; cp -a "$WORK/base" "$r"
      echo "$v" >"$r/app/VERSION"
      dd if=/dev/urandom of="$r/app/payload" bs=1M count="$PAYLOAD_MB" status=none
      tar -C "$r" -cf "$WORK/rootfs.tar" .
      docker import --change 'CMD ["/bin/sh", "/app/run.sh"]' --change 'ENV PATH=/bin' \
        --change "LABEL $LABEL" "$WORK/rootfs.tar" "$(img "$i" "$v")" >/dev/null
      docker push "$(img "$i" "$v")" >/dev/null
    done
  done
  rm -rf "$WORK/rootfs" "$WORK/rootfs.tar"
  log "built and pushed $((2 * k)) images of $PAYLOAD_MB MB payload"
}

# compose N K VERSION|template: the compose file (template: images as Mustache names)
compose() {
  local n=$1 k=$2 v=$3 i port image
  echo "services:"
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    if [ "$v" = template ]; then image="{{images.s$i}}"; else image="$(img $(( (i - 1) % k + 1 )) "$v")"; fi
    cat <<EOF
  s$i:
    image: "$image"
    command: ["/bin/sh", "/app/run.sh"]
    environment:
      PORT: "$port"
    healthcheck:
      test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:$port/version.txt"]
      interval: $(health_interval "$n")s
      timeout: 2s
      retries: 3
      start_period: 5s
    restart: unless-stopped
    stop_grace_period: 5s
    labels:
      dev.shipshape.bench: "$PROJECT"
    network_mode: host
EOF
    depends_of "$n" "$i"
  done
}

# layer_of N I: the dependency layer (1..LAYERS) of service I of N: contiguous blocks
layer_of() { echo $(( ($2 - 1) * LAYERS / $1 + 1 )); }
# depends_of N I: the depends_on block of service I (every service of the layer before), or nothing
depends_of() {
  local n=$1 i=$2 j l
  l="$(layer_of "$n" "$i")"
  [ "$l" -gt 1 ] || return 0
  echo "    depends_on:"
  for j in $(seq 1 "$n"); do
    if [ "$(layer_of "$n" "$j")" = $((l - 1)) ]; then echo "      s$j: {condition: service_$DEPENDS_ON}"; fi
  done
  return 0
}

make_packages() { # N K
  local n=$1 k=$2 v i p zip
  mkdir -p "$WORK/dist"
  for v in 1.0.0 1.1.0; do
    p="$WORK/pkg-$v"; rm -rf "$p"; mkdir -p "$p/config" "$p/variables"
    { echo "product: shipbench-server"; echo "version: $v"
      [ "$v" = 1.1.0 ] && echo "upgradeFrom: 1.0.0"
      echo "images:"
      for i in $(seq 1 "$n"); do echo "  s$i: $(img $(( (i - 1) % k + 1 )) "$v")"; done
    } >"$p/manifest.yaml"
    printf 'bench:\n  services: %s\n' "$n" >"$p/variables/default.yaml"
    compose "$n" "$k" template >"$p/config/compose.yaml.tmpl"
    zip="shipbench-server-linux-x64-$v.zip"
    rm -f "$WORK/dist/$zip"
    (cd "$p" && zip -q -r "$WORK/dist/$zip" manifest.yaml variables config)
    (cd "$WORK/dist" && sha256sum "$zip" >"$zip.sha256")
  done
  compose "$n" "$k" 1.0.0 >"$WORK/compose-1.0.0.yaml"
  compose "$n" "$k" 1.1.0 >"$WORK/compose-1.1.0.yaml"
}

start_release_server() {
  mkdir -p "$WORK/dist"
  "$BUSYBOX" httpd -f -p "127.0.0.1:$RELEASE_PORT" -h "$WORK/dist" &
  PIDS+=($!)
}

desired() { # VERSION [STRATEGY]: (re)writes the desired file
  cat >"$WORK/server.yaml.tmp" <<EOF
apiVersion: shipshape.dev/v1
kind: Server
metadata:
  name: $PROJECT
spec:
  version: $1
  source:
    url: http://127.0.0.1:$RELEASE_PORT/shipbench-server-linux-x64-{version}.zip
    insecure: true
  projectDir: project
$([ -z "${RUNTIME:-}" ] || echo "  runtime: $RUNTIME")
  rollout:
    healthTimeout: 120s
    strategy: ${2:-window}
EOF
  mv "$WORK/server.yaml.tmp" "$WORK/server.yaml"
}

reset_shipshape_project() { rm -rf "$WORK/project"; mkdir -p "$WORK/project"; echo "{}" >"$WORK/project/global.yaml"; }

# docker-compose, bounded: 1.29 can deadlock (every thread waiting on a lock) when it starts 100
# services at once; a timed-out call fails like any other (exit 124)
dc() { timeout "$(settle_bound 100)" docker-compose -p "$PROJECT" --project-directory "$WORK" "$@"; }

# health_interval N: seconds between health checks at stack size N
health_interval() { echo "${HEALTH_INTERVAL:-$(( $1 / 20 > 1 ? $1 / 20 : 1 ))}"; }
# settle_bound N: how long a whole stack may take to (re)start, in s: generous, grows with N
settle_bound() { echo $(( 120 + 3 * $1 )); }

# wait_serving N VERSION: until every port answers VERSION (bounded: settle_bound)
wait_serving() {
  local n=$1 v=$2 deadline=$(( $(date +%s) + $(settle_bound "$1") )) p ok
  while [ "$(date +%s)" -lt "$deadline" ]; do
    ok=0
    for p in $(ports_of "$n"); do
      [ "$(${NS_WRAP:-} curl -fsS --max-time 1 "http://127.0.0.1:$p/version.txt" 2>/dev/null)" = "$v" ] && ok=$((ok + 1)) || break
    done
    [ "$ok" = "$n" ] && return 0
    sleep 0.2
  done
  die "the stack did not serve $v on all $n ports within $(settle_bound "$n") s"
}

rmi_version() { # K VERSION: removes the local copies so that a pull transfers
  local k=$1 v=$2 i refs=()
  for i in $(seq 1 "$k"); do refs+=("$(img "$i" "$v")"); done
  docker rmi -f "${refs[@]}" >/dev/null 2>&1 || true
}
pull_version() { local k=$1 v=$2 i; for i in $(seq 1 "$k"); do docker pull -q "$(img "$i" "$v")" >/dev/null; done; }

# ---------- 1. upgrade ----------
# probe_start N NEWVERSION; probe_finish N -> sets P_MAX P_MED (ms) and checks every port ended at NEWVERSION
probe_start() {
  rm -f "$WORK/probe" "$WORK/probe.stop" "$WORK/probe.status"
  tool probe "$WORK/probe" "$2" 900 $(ports_of "$1") &
  PROBE_PID=$!
  PIDS+=("$PROBE_PID")
  # BENCH_EVENTS=1: the engine's events of the stack's containers (ns timestamps), kept with BENCH_KEEP=1
  if [ "${BENCH_EVENTS:-0}" = 1 ]; then
    rm -f "$WORK/events"
    docker events --filter "label=$LABEL" --format '{{.TimeNano}} {{.Action}} {{index .Actor.Attributes "name"}}' >"$WORK/events" &
    EVENTS_PID=$!; PIDS+=("$EVENTS_PID")
  fi
  local i; for i in $(seq 1 100); do [ -s "$WORK/probe.status" ] && break; sleep 0.05; done
  sleep 0.3
}
probe_finish() { # N NEWVERSION T0: waits until all ports serve NEWVERSION, sets P_MAX P_MED P_ALLNEW (ms from T0)
  local n=$1 v=$2 t0=$3 deadline=$(( $(date +%s) + $(settle_bound "$1") ))
  P_ALLNEW=timeout
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$(cat "$WORK/probe.status" 2>/dev/null)" = "$n $n" ]; then P_ALLNEW=$(( $(now_ms) - t0 )); break; fi
    sleep 0.05
  done
  sleep 0.3
  touch "$WORK/probe.stop"; wait "$PROBE_PID" || true
  if [ -n "${EVENTS_PID:-}" ]; then kill "$EVENTS_PID" 2>/dev/null; wait "$EVENTS_PID" 2>/dev/null || true; EVENTS_PID=""; fi
  P_MAX=$(awk '{print $2}' "$WORK/probe" | sort -g | tail -1)
  P_GAP=$(awk '{print $3}' "$WORK/probe" | sort -g | tail -1)
  P_MED=$(median $(awk '{print $2}' "$WORK/probe"))
  P_SERVER=$(awk '{print $1}' "$WORK/probe.server") P_SPAN=$(awk '{print $2}' "$WORK/probe.server")
  local bad; bad=$(awk -v v="$v" '$5 != v' "$WORK/probe" | wc -l)
  [ "$bad" = 0 ] || die "after the upgrade $bad ports do not serve $v: $(awk -v v="$v" '$5 != v' "$WORK/probe" | head -3 | tr '\n' ';')"
}

declare -A R   # results: R[key] = space-separated values

record_upgrade() { # KEY WALL_MS (keeps the probe's per-port lines for BENCH_KEEP=1)
  local rep; rep=$(echo ${R[$1.wall]:-} | wc -w)
  cp "$WORK/probe" "$WORK/probe-$1-$rep"
  [ ! -f "$WORK/probe.gaps" ] || cp "$WORK/probe.gaps" "$WORK/probe-$1-$rep.gaps"
  [ ! -f "$WORK/events" ] || cp "$WORK/events" "$WORK/events-$1-$rep"
  R[$1.max]+="$P_MAX " R[$1.med]+="$P_MED " R[$1.wall]+="$2 " R[$1.allnew]+="$P_ALLNEW " R[$1.gap]+="$P_GAP "
  R[$1.server]+="$P_SERVER " R[$1.span]+="$P_SPAN " R[$1.cpu]+="${3:-} "
  log "  $1: wall ${2} ms, all new after ${P_ALLNEW} ms, server down ${P_SERVER} ms (first to last outage ${P_SPAN} ms), downtime max ${P_MAX} ms median ${P_MED} ms, longest gap ${P_GAP} ms${3:+, CPU of the command ${3} ms}"
}

upgrade_shipshape() { # N K STRATEGY
  local n=$1 k=$2 strategy=${3:-window} t0 t1 cpu
  teardown; reset_shipshape_project; desired 1.0.0 "$strategy"
  SHIPSHAPE_LOG_LEVEL=INFO "$SHIPSHAPE" apply -f "$WORK/server.yaml" >"$WORK/apply.log" 2>&1 || { cat "$WORK/apply.log" >&2; die "shipshape apply 1.0.0 failed"; }
  wait_serving "$n" 1.0.0
  rmi_version "$k" 1.1.0
  probe_start "$n" 1.1.0
  desired 1.1.0 "$strategy"
  t0=$(now_ms)
  # the command's own CPU (user + system, ms): the exec health gate's share of it is part of the cost
  /usr/bin/time -f "%U %S" -o "$WORK/apply.cpu" env SHIPSHAPE_LOG_LEVEL=INFO "$SHIPSHAPE" apply -f "$WORK/server.yaml" >"$WORK/apply-upgrade.log" 2>&1 || { cat "$WORK/apply-upgrade.log" >&2; die "shipshape apply 1.1.0 failed"; }
  t1=$(now_ms)
  cpu=$(awk 'END {printf "%d", 1000 * ($1 + $2)}' "$WORK/apply.cpu")
  probe_finish "$n" 1.1.0 "$t0"
  local key="$n.ship-$strategy${KEY_SUFFIX:-}"   # KEY_SUFFIX: bench/swarm.sh measures the same on a swarm
  cp "$WORK/apply-upgrade.log" "$WORK/apply-upgrade-$n-$strategy${KEY_SUFFIX:-}-$(echo ${R[$key.wall]:-} | wc -w).log"
  record_upgrade "$key" $((t1 - t0)) "$cpu"
}

compose_at_100() { # N K
  teardown
  if ! dc -f "$WORK/compose-1.0.0.yaml" up -d >/dev/null 2>&1; then
    # set-up only, nothing is measured yet: one more try from scratch
    log "  docker-compose up 1.0.0 failed or hung; once more"
    teardown
    dc -f "$WORK/compose-1.0.0.yaml" up -d >/dev/null 2>&1 || die "docker-compose up 1.0.0 failed twice"
  fi
  wait_serving "$1" 1.0.0
  rmi_version "$2" 1.1.0
}

upgrade_compose() { # N K
  local n=$1 k=$2 t0 t1
  compose_at_100 "$n" "$k"
  probe_start "$n" 1.1.0
  t0=$(now_ms)
  dc -f "$WORK/compose-1.1.0.yaml" pull -q >/dev/null 2>&1 || die "docker-compose pull failed"
  dc -f "$WORK/compose-1.1.0.yaml" up -d >/dev/null 2>&1 || die "docker-compose up -d failed"
  t1=$(now_ms)
  probe_finish "$n" 1.1.0 "$t0"
  record_upgrade "$n.compose" $((t1 - t0))
}

upgrade_runbook() { # N K
  local n=$1 k=$2 t0 t1
  compose_at_100 "$n" "$k"
  probe_start "$n" 1.1.0
  t0=$(now_ms)
  dc -f "$WORK/compose-1.0.0.yaml" down >/dev/null 2>&1 || die "docker-compose down failed"
  dc -f "$WORK/compose-1.1.0.yaml" pull -q >/dev/null 2>&1 || die "docker-compose pull failed"
  dc -f "$WORK/compose-1.1.0.yaml" up -d >/dev/null 2>&1 || die "docker-compose up -d failed"
  t1=$(now_ms)
  probe_finish "$n" 1.1.0 "$t0"
  record_upgrade "$n.runbook" $((t1 - t0))
}

upgrade_floor() { # N: docker restart of all the running 1.1.0 containers at once (images present)
  local n=$1 t0 t1
  wait_serving "$n" 1.1.0
  probe_start "$n" 1.1.0
  t0=$(now_ms)
  # every service restarted at once: one `docker restart` per container, all in parallel
  docker ps -q --filter "label=$LABEL" | xargs -r -P 0 -n 1 docker restart -t 5 >/dev/null
  t1=$(now_ms)
  probe_finish "$n" 1.1.0 "$t0"
  record_upgrade "$n.floor" $((t1 - t0))
}

# ---------- 2-4. converged no-op, heal, footprint ----------
count_calls() { wc -l <"$WORK/proxy.log"; }
metric() { # NAME: sum of the samples of a metric family in /metrics
  curl -fsS --max-time 2 "http://127.0.0.1:$CTL_PORT/metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 {s += $2} END {printf "%.6f\n", s}'
}

heal_one() { # KEY PORT CMD...: ms from the command to serving again
  local key=$1 port=$2; shift 2
  local ms; ms=$(tool heal "$port" "$HEAL_TIMEOUT_MS" "$@")
  R[$key]+="$ms "
  log "  $key: $ms ms"
  if [ "$ms" = timeout ] && [ -f "$WORK/run.log" ]; then tail -20 "$WORK/run.log" >&2; fi
}

steady() { # N VERSION: every port serving and, after a settle, the stack left alone
  wait_serving "$1" "$2"; sleep 2
}

noop_and_heal() { # N K
  local n=$1 k=$2 i c0 c1 t0 t1 s0 s1 n0 n1 name port proxy="$WORK/docker.sock"
  : >"$WORK/proxy.log"
  tool proxy "$proxy" "$DOCKER_SOCK" "$WORK/proxy.log" & PIDS+=($!)
  for i in $(seq 1 50); do [ -S "$proxy" ] && break; sleep 0.1; done
  # shipshape: install 1.1.0 from scratch, converged
  teardown; reset_shipshape_project; desired 1.1.0
  SHIPSHAPE_LOG_LEVEL=INFO "$SHIPSHAPE" apply -f "$WORK/server.yaml" >"$WORK/apply.log" 2>&1 || { cat "$WORK/apply.log" >&2; die "shipshape apply failed"; }
  steady "$n" 1.1.0
  for i in $(seq 1 "$REPS"); do   # shipshape plan as a whole process
    c0=$(count_calls); t0=$(now_ms)
    DOCKER_HOST="unix://$proxy" "$SHIPSHAPE" plan -f "$WORK/server.yaml" >"$WORK/plan.log" 2>&1 || { cat "$WORK/plan.log" >&2; die "plan is not empty on the converged stack"; }
    t1=$(now_ms); c1=$(count_calls)
    R[$n.plan.ms]+="$((t1 - t0)) " R[$n.plan.calls]+="$((c1 - c0)) "
  done
  log "  plan: ${R[$n.plan.ms]}ms; calls ${R[$n.plan.calls]}"
  # the running controller
  DOCKER_HOST="unix://$proxy" SHIPSHAPE_LOG_LEVEL=INFO "$SHIPSHAPE" run -f "$WORK/server.yaml" --port "$CTL_PORT" --resync 1h >"$WORK/run.log" 2>&1 &
  local run_pid=$!; PIDS+=("$run_pid")
  for i in $(seq 1 300); do curl -fsS --max-time 1 "http://127.0.0.1:$CTL_PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS --max-time 1 "http://127.0.0.1:$CTL_PORT/readyz" >/dev/null || { cat "$WORK/run.log" >&2; die "shipshape run is not ready"; }
  sleep 2
  for i in $(seq 1 "$((REPS + 1 + (1 - SMOKE)))"); do   # one reconciliation, woken by a touch of the desired file
    n0=$(metric shipshape_reconciliation_duration_seconds_count); s0=$(metric shipshape_reconciliation_duration_seconds_sum)
    c0=$(count_calls)
    touch "$WORK/server.yaml"
    for _ in $(seq 1 100); do
      n1=$(metric shipshape_reconciliation_duration_seconds_count)
      awk -v a="$n1" -v b="$n0" 'BEGIN {exit !(a > b)}' && break; sleep 0.1
    done
    sleep 0.5
    c1=$(count_calls); n1=$(metric shipshape_reconciliation_duration_seconds_count); s1=$(metric shipshape_reconciliation_duration_seconds_sum)
    [ "$i" -le $((2 - SMOKE)) ] && continue   # warm-up: the first reconciliations after start run cold code
    R[$n.rec.ms]+="$(awk -v s0="$s0" -v s1="$s1" -v n0="$n0" -v n1="$n1" 'BEGIN { if (n1 > n0) printf "%.1f", 1000 * (s1 - s0) / (n1 - n0); else print "nan" }') "
    R[$n.rec.calls]+="$((c1 - c0)) "
    R[$n.rec.n]+="$(awk -v a="$n1" -v b="$n0" 'BEGIN {print a - b}') "
    tail -n $((c1 - c0)) "$WORK/proxy.log" >"$WORK/rec-calls-$n.txt"
  done
  log "  reconciliation: ${R[$n.rec.ms]}ms; calls ${R[$n.rec.calls]} ($(sed -E 's/\?.*//' "$WORK/rec-calls-$n.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ';'))"
  kill "$run_pid"; wait "$run_pid" 2>/dev/null || true
  # footprint and heal: a controller talking to dockerd directly (the proxy above only counts calls)
  SHIPSHAPE_LOG_LEVEL=INFO "$SHIPSHAPE" run -f "$WORK/server.yaml" --port "$CTL_PORT" --resync 1h >"$WORK/run.log" 2>&1 &
  run_pid=$!; PIDS+=("$run_pid")
  for i in $(seq 1 300); do curl -fsS --max-time 1 "http://127.0.0.1:$CTL_PORT/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS --max-time 1 "http://127.0.0.1:$CTL_PORT/readyz" >/dev/null || { cat "$WORK/run.log" >&2; die "shipshape run is not ready"; }
  sleep 3
  if [ "$n" = 20 ] || [ "$SMOKE" = 1 ]; then   # idle footprint of run
    local pid; pid=$(pgrep -P "$run_pid" java || echo "$run_pid")
    local tck; tck=$(getconf CLK_TCK)
    local cpu0 cpu1; cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); t0=$(now_ms)
    local rss=() rssmax=0
    for i in $(seq 1 "$IDLE_SECONDS"); do
      sleep 1; rss+=("$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")")
    done
    cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); t1=$(now_ms)
    R[$n.idle.rss]="$(median "${rss[@]}")" R[$n.idle.rssmax]="$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)"
    R[$n.idle.cpu]="$(awk -v c="$((cpu1 - cpu0))" -v t="$tck" -v ms="$((t1 - t0))" 'BEGIN {printf "%.2f", 100 * (c / t) / (ms / 1000)}')"
    log "  idle run: RSS median ${R[$n.idle.rss]} KiB (max ${R[$n.idle.rssmax]}), CPU ${R[$n.idle.cpu]} % of a core over $IDLE_SECONDS s"
  fi
  for i in $(seq 1 "$REPS"); do   # heal under shipshape run
    port=$((BASE_PORT + 1 + (i - 1) % n)); name="$PROJECT-s$((1 + (i - 1) % n))-1"
    heal_one "$n.heal.kill" "$port" docker kill "$name"; steady "$n" 1.1.0
    heal_one "$n.heal.rm" "$port" docker rm -f "$name"; steady "$n" 1.1.0
  done
  kill "$run_pid"; wait "$run_pid" 2>/dev/null || true
  report   # shipshape's part is kept even if docker-compose fails below
  # docker-compose on the same stack: converged no-op up -d, restart policy after docker kill
  teardown
  dc -f "$WORK/compose-1.1.0.yaml" up -d >/dev/null 2>&1 || die "docker-compose up failed"
  steady "$n" 1.1.0
  for i in $(seq 1 "$REPS"); do
    c0=$(count_calls); t0=$(now_ms)
    DOCKER_HOST="unix://$proxy" dc -f "$WORK/compose-1.1.0.yaml" up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; die "no-op up -d failed"; }
    t1=$(now_ms); c1=$(count_calls)
    grep -qiE 'recreat|creating' "$WORK/up.log" && die "docker-compose up -d was not a no-op: $(cat "$WORK/up.log")"
    R[$n.up.ms]+="$((t1 - t0)) " R[$n.up.calls]+="$((c1 - c0)) "
  done
  log "  compose no-op up -d: ${R[$n.up.ms]}ms; calls ${R[$n.up.calls]}"
  for i in $(seq 1 "$REPS"); do   # Docker's restart policy alone; and the service's own start time
    port=$((BASE_PORT + 1 + (i - 1) % n))
    name="$(docker ps -aq --filter "label=$LABEL" --filter "label=com.docker.compose.service=s$((1 + (i - 1) % n))")"
    heal_one "$n.policy.kill" "$port" docker kill "$name"
    if ! curl -fsS --max-time 1 "http://127.0.0.1:$port/version.txt" >/dev/null 2>&1; then docker start "$name" >/dev/null; fi
    steady "$n" 1.1.0
    docker stop -t 5 "$name" >/dev/null
    local st; st=$(tool serve-time "$port" 30000 docker start "$name"); R[$n.start]+="$st "
    log "  service start (docker start to serving): $st ms"
    steady "$n" 1.1.0
  done
  teardown
}

# ---------- report ----------
mr() { med_range ${R[$1]:-}; }
report() {
  report_text >"$OUT.new"
  mv "$OUT.new" "$OUT"
  log "wrote $OUT"
}
report_text() {
  local n s m
  {
    echo "# shipshape benchmark results"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); shipshape $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -r); Docker $(docker version --format '{{.Server.Version}}'), $(docker-compose version --short), $(java -version 2>&1 | head -1)"
    echo "- load average when the run started: $LOAD_AT_START, when it ended: $(cut -d' ' -f1-3 /proc/loadavg) — the stack's own health checks (each a \`docker exec\`) and the prober load the host too, so absolute times are noisy; the ratios compare tools measured in the same run"
    echo "- command: \`bench/bench.sh -n \"$SIZES\" -r $REPS --payload-mb $PAYLOAD_MB$([ -z "$HEALTH_INTERVAL" ] || echo " --health-interval $HEALTH_INTERVAL")$([ "$UPGRADE_ONLY" = 0 ] || echo ' --upgrade-only')$([ "$NO_UPGRADE" = 0 ] || echo ' --no-upgrade')$([ "$SKIP_RUNBOOK" = 0 ] || echo ' --skip-runbook')$([ "$STRATEGIES" = "window one-at-a-time" ] || echo " --strategies \"$STRATEGIES\"")$([ "$LAYERS" = 1 ] || echo " --layers $LAYERS --depends-on $DEPENDS_ON")\`; images per version: ${IMAGES:-min(N,10)} (services share them), each ${PAYLOAD_MB} MB of random payload on busybox, pushed to $REGISTRY and removed locally before every upgrade; a health check every ${HEALTH_INTERVAL:-max(1, N/20)} s per service (each one a \`docker exec\`)"
    echo "- values: median (min–max) over $REPS repetitions, in ms unless noted"
    echo
    if [ "$NO_UPGRADE" = 0 ]; then
      echo "## 1. Upgrade 1.0.0 → 1.1.0"
      echo
      echo "Downtime of a service = the sum of its gaps; a gap = from its last answer before a failed poll to its next answer (polled every 10 ms; a poll fails when the connection is refused or no answer comes within 2 s); per repetition the max and the median over the services, and the longest single gap of any service. **Server down** = the length of the union of all services' gaps: the time during which at least one service was down, what a user of a server whose services need each other feels. The floor restarts every service at once (\`docker restart\` of each container, all in parallel) and is not health-gated."
      echo
      echo "| N | tool | server down | max downtime per service | median downtime | longest gap | wall time (command) | CPU of the command | all serving 1.1.0 after |"
      echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
      for n in $SIZES; do
        for m in $(for st in $STRATEGIES; do echo "ship-$st"; done) compose runbook floor; do
          [ -n "${R[$n.$m.wall]:-}" ] || continue
          echo "| $n | $(case $m in ship-*) echo "shipshape apply, ${m#ship-}";; compose) echo 'docker-compose pull + up -d';; runbook) echo 'runbook: down, pull, up -d';; floor) echo 'floor: docker restart, all at once';; esac) | $(mr $n.$m.server) | $(mr $n.$m.max) | $(mr $n.$m.med) | $(mr $n.$m.gap) | $(mr $n.$m.wall) | $(case $m in ship-*) mr $n.$m.cpu;; *) echo '';; esac) | $(mr $n.$m.allnew) |"
        done
      done
      echo
      echo "Ratios (medians; health interval $(health_interval "${SIZES%% *}") s):"
      echo
      echo "| N | strategy | server down / floor (target ≤ 1.2) | server down / compose (target ≤ 0.5) | max per service / floor (target ≤ 1.2) | wall / compose | wall − compose wall (target ≤ one interval) |"
      echo "| --- | --- | --- | --- | --- | --- | --- |"
      for n in $SIZES; do
        for st in $STRATEGIES; do
          s=$(median ${R[$n.ship-$st.server]:-})
          echo "| $n | $st | $(ratio "$s" "$(median ${R[$n.floor.server]:-})") | $(ratio "$s" "$(median ${R[$n.compose.server]:-})") | $(ratio "$(median ${R[$n.ship-$st.max]:-})" "$(median ${R[$n.floor.max]:-})") | $(ratio "$(median ${R[$n.ship-$st.wall]:-})" "$(median ${R[$n.compose.wall]:-})") | $(awk -v a="$(median ${R[$n.ship-$st.wall]:-})" -v b="$(median ${R[$n.compose.wall]:-})" 'BEGIN {printf "%.1f s", (a - b) / 1000}') |"
        done
      done
      echo
    fi
    [ "$UPGRADE_ONLY" = 0 ] || return 0
    echo "## 2. Converged no-op"
    echo
    echo "| N | reconciliation in \`shipshape run\` (ms, /metrics) | its Docker API calls | \`shipshape plan\` process (ms) | its API calls | \`docker-compose up -d\` no-op (ms) | its API calls | up -d / reconciliation | plan / up -d |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for n in $SIZES; do
      echo "| $n | $(mr $n.rec.ms) | $(mr $n.rec.calls) | $(mr $n.plan.ms) | $(mr $n.plan.calls) | $(mr $n.up.ms) | $(mr $n.up.calls) | $(ratio "$(median ${R[$n.up.ms]:-})" "$(median ${R[$n.rec.ms]:-})") | $(ratio "$(median ${R[$n.plan.ms]:-})" "$(median ${R[$n.up.ms]:-})") |"
    done
    echo
    for n in $SIZES; do
      [ -f "$WORK/rec-calls-$n.txt" ] && echo "API calls of one reconciliation at N=$n: $(sed -E 's/\?.*//; s#/v1\.[0-9]+##' "$WORK/rec-calls-$n.txt" | sort | uniq -c | awk '{c=$1; $1=""; printf "%s×%s; ", c, $0}')"
    done
    echo
    echo "## 3. Heal latency (command to serving again)"
    echo
    echo "| N | docker kill, shipshape run | docker rm -f, shipshape run | docker kill, restart: unless-stopped alone | service start (docker start → serving) |"
    echo "| --- | --- | --- | --- | --- |"
    for n in $SIZES; do
      echo "| $n | $(mr $n.heal.kill) | $(mr $n.heal.rm) | $(printf '%s\n' ${R[$n.policy.kill]:-} | grep -q timeout && echo "not restarted within 30 s (${R[$n.policy.kill]})" || mr $n.policy.kill) | $(mr $n.start) |"
    done
    echo
    echo "## 4. Idle \`shipshape run\` ($IDLE_SECONDS s)"
    echo
    for n in $SIZES; do
      [ -n "${R[$n.idle.rss]:-}" ] && echo "- N=$n: RSS median $(( ${R[$n.idle.rss]} / 1024 )) MiB (max $(( ${R[$n.idle.rssmax]} / 1024 )) MiB), CPU ${R[$n.idle.cpu]} % of one core"
    done
    echo
  }
}

# ---------- main ----------
[ "${BENCH_LIB:-0}" = 0 ] || return 0   # sourced by bench/swarm.sh for the functions above
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "work dir $WORK; sizes $SIZES; $REPS repetitions; payload $PAYLOAD_MB MB"
start_release_server
for n in $SIZES; do
  k=${IMAGES:-$(( n < 10 ? n : 10 ))}
  log "N=$n: building $((2 * k)) images"
  rmi_version "$k" 1.0.0; rmi_version "$k" 1.1.0
  build_images "$k"
  make_packages "$n" "$k"
  rmi_version "$k" 1.1.0; pull_version "$k" 1.0.0
  for r in $(seq 1 "$REPS"); do
    [ "$NO_UPGRADE" = 0 ] || break
    log "N=$n repetition $r/$REPS"
    for st in $STRATEGIES; do upgrade_shipshape "$n" "$k" "$st"; done
    upgrade_compose "$n" "$k"
    [ "$SMOKE" = 1 ] || [ "$SKIP_RUNBOOK" = 1 ] || upgrade_runbook "$n" "$k"
    upgrade_floor "$n"
  done
  if [ "$UPGRADE_ONLY" = 0 ]; then
    log "N=$n: no-op, heal, footprint"
    noop_and_heal "$n" "$k"
  fi
  rmi_version "$k" 1.0.0; rmi_version "$k" 1.1.0
  report
done
[ "$SMOKE" = 0 ] || cat "$OUT"
log "done"
