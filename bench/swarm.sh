#!/usr/bin/env bash
# shipshape benchmark (issue 16): the same upgrade 1.0.0 → 1.1.0 of the same N-service stack on one host
# (runtime: host) and on a one-node Docker Swarm (runtime: swarm), interleaved in the same run.
#
#   bench/bench.sh swarm [-n 5] [-r 3] [--payload-mb 20] [--out FILE]
#     -n  the stack size N (one size), default 5;  -r  repetitions, default 3;  --out  default stdout
#
# What it does: builds the images and release packages exactly as bench/bench.sh (its functions: this script
# sources it with BENCH_LIB=1), makes a swarm of its own with `scripts/swarm-env.sh up --id benchsw` (a network
# namespace, nothing in the machine's), pushes the images into that swarm's registry, then per repetition:
#   host:  shipshape apply 1.0.0 (runtime: host, strategy window) on the test engine, prober on 127.0.0.1,
#          apply 1.1.0, measured;
#   swarm: shipshape apply 1.0.0 (runtime: swarm, strategy window) against the swarm's manager, prober started
#          INSIDE the swarm's namespace (nsenter --net=…: the services bind that namespace's 127.0.0.1),
#          apply 1.1.0, measured.
# Before each upgrade the 1.1.0 images are removed from the engine that runs the services, so the upgrade
# pulls them (the host's engine from the test registry, the swarm's node from the swarm's registry).
# Measured as in bench.sh: server-level downtime (union of all services' gaps), per-service max and median
# downtime, apply wall time. The swarm is torn down with `swarm-env.sh down` on exit (trap).
# Needs root (network namespaces), what bench.sh needs, and the test engine (. .test-env/env).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SW_SIZES=5 SW_REPS=3 SW_PAYLOAD=20 SW_OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) SW_SIZES="$2"; shift 2 ;;
    -r) SW_REPS="$2"; shift 2 ;;
    --payload-mb) SW_PAYLOAD="$2"; shift 2 ;;
    --out) SW_OUT="$2"; shift 2 ;;
    *) sed -n '2,22p' "$0" >&2; exit 2 ;;
  esac
done
[[ "$SW_SIZES" =~ ^[0-9]+$ ]] || { echo "swarm bench: -n takes one size" >&2; exit 2; }
SWARM_ID=benchsw
export BENCH_LIB=1 BENCH_PROJECT=shipbench-swarm BENCH_BASE_PORT=19300 BENCH_RELEASE_PORT=19290 BENCH_CTL_PORT=19291
# shellcheck source=bench.sh
. "$HERE/bench.sh" -n "$SW_SIZES" -r "$SW_REPS" --payload-mb "$SW_PAYLOAD"
SWARM_ENV="$REPO/scripts/swarm-env.sh"
HOST_DOCKER_HOST="${DOCKER_HOST:-}"

swarm_cleanup() {
  set +e
  cleanup
  "$SWARM_ENV" down --id "$SWARM_ID" >&2
}
trap swarm_cleanup EXIT

# teardown (bench.sh's is for containers of one host): on the swarm, remove the stack's services and wait until
# their containers are gone (their ports free); never remove a swarm task's container by hand
host_teardown() { local ids; ids="$(docker ps -aq --filter "label=$LABEL")"; [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true; }
teardown() {
  if [ "${RUNTIME:-host}" != swarm ]; then host_teardown; return 0; fi
  local svcs i
  svcs="$(docker service ls -q --filter "label=com.docker.stack.namespace=$PROJECT")"
  [ -z "$svcs" ] || docker service rm $svcs >/dev/null
  for i in $(seq 1 300); do [ -z "$(docker ps -aq)" ] && return 0; sleep 0.2; done
  die "the swarm's containers did not go within 60 s"
}

on_swarm() { # CMD...: runs CMD with the swarm as the engine, its namespace for the prober, runtime: swarm
  local rc=0
  export DOCKER_HOST="$SWARM_HOST"; NS_WRAP="nsenter --net=$SWARM_NETNS" RUNTIME=swarm KEY_SUFFIX=-swarm
  "$@" || rc=$?
  export DOCKER_HOST="$HOST_DOCKER_HOST"; NS_WRAP="" RUNTIME="" KEY_SUFFIX=""
  return $rc
}

LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
n=$SW_SIZES k=$(( n < 10 ? n : 10 ))
log "work dir $WORK; N=$n; $REPS repetitions; payload $PAYLOAD_MB MB; swarm $SWARM_ID"
"$SWARM_ENV" down --id "$SWARM_ID" >&2   # leftovers of an interrupted run
"$SWARM_ENV" up --id "$SWARM_ID" >&2
# shellcheck disable=SC1090
SWARM_HOST="$(. "$REPO/.swarm-env/$SWARM_ID/env" && echo "$DOCKER_HOST")"
SWARM_NETNS="$(. "$REPO/.swarm-env/$SWARM_ID/env" && echo "$SHIPSHAPE_SWARM_NODE_1_NETNS")"
start_release_server
rmi_version "$k" 1.0.0; rmi_version "$k" 1.1.0
build_images "$k"
make_packages "$n" "$k"
imgs=(); for v in 1.0.0 1.1.0; do for i in $(seq 1 "$k"); do imgs+=("$(img "$i" "$v")"); done; done
"$SWARM_ENV" push --id "$SWARM_ID" "${imgs[@]}" >&2
rmi_version "$k" 1.1.0; pull_version "$k" 1.0.0
on_swarm rmi_version "$k" 1.1.0
for r in $(seq 1 "$REPS"); do
  log "N=$n repetition $r/$REPS"
  upgrade_shipshape "$n" "$k" window; teardown
  on_swarm upgrade_shipshape "$n" "$k" window; on_swarm teardown
done
on_swarm rmi_version "$k" 1.0.0
rmi_version "$k" 1.0.0; rmi_version "$k" 1.1.0

report_swarm() {
  local m
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); shipshape $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'); $(nproc) cores, $(uname -r), Docker $(docker version --format '{{.Server.Version}}')"
  echo "- load average when the run started: $LOAD_AT_START, when it ended: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: \`bench/bench.sh swarm -n $n -r $REPS --payload-mb $PAYLOAD_MB\`; $k images per version, ${PAYLOAD_MB} MB of random payload each, 1.1.0 removed from the engine running the services before every upgrade; a health check every $(health_interval "$n") s per service; \`rollout.strategy: window\`, \`healthTimeout: 120s\` (Swarm's update monitor: 5 s)"
  echo "- values: median (min–max) over $REPS repetitions, ms; the two runtimes interleaved (host, swarm, host, swarm, …)"
  echo
  echo "| N | runtime | server down | max downtime per service | median downtime | longest gap | wall time (apply) | CPU of apply | all serving 1.1.0 after |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for m in ship-window ship-window-swarm; do
    echo "| $n | $([ "$m" = ship-window ] && echo 'one host (runtime: host)' || echo 'one-node swarm (runtime: swarm)') | $(mr $n.$m.server) | $(mr $n.$m.max) | $(mr $n.$m.med) | $(mr $n.$m.gap) | $(mr $n.$m.wall) | $(mr $n.$m.cpu) | $(mr $n.$m.allnew) |"
  done
  echo
  echo "swarm / host (medians): server down $(ratio "$(median ${R[$n.ship-window-swarm.server]})" "$(median ${R[$n.ship-window.server]})"), max per service $(ratio "$(median ${R[$n.ship-window-swarm.max]})" "$(median ${R[$n.ship-window.max]})"), wall $(ratio "$(median ${R[$n.ship-window-swarm.wall]})" "$(median ${R[$n.ship-window.wall]})")"
}
if [ -n "$SW_OUT" ]; then report_swarm >"$SW_OUT"; log "wrote $SW_OUT"; else report_swarm; fi
log "done"
