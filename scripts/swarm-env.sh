#!/usr/bin/env bash
# Test swarms for shipshape's swarm runtime, each inside network namespaces of its own (the network rule).
#
#   scripts/swarm-env.sh up   [--id ID] [--nodes N]   make a swarm of N nodes (default 1), write .swarm-env/ID/env
#   scripts/swarm-env.sh push [--id ID] IMAGE...      copy images from the test engine into the swarm's registry
#   scripts/swarm-env.sh down [--id ID]               remove everything `up` made for ID (idempotent)
#   scripts/swarm-env.sh status [--id ID]             show what runs
#
# Then:  . .swarm-env/ID/env   (exports DOCKER_HOST = the manager's socket, SHIPSHAPE_SWARM_NODES, …)
#
# What `up` makes, and why:
# - one network namespace per node, shipshape-sw-ID-N, with only `lo` up. Each node's dockerd runs in it through
#   `nsenter --net=` (not `ip netns exec`, which remounts /sys: dockerd then fails with "Devices cgroup isn't
#   mounted") and in a UTS namespace of its own, so each node has its own hostname (= node name in the swarm).
#   dockerd runs with --bridge=none --iptables=false --ip-forward=false --ip-masq=false and its own socket, data
#   root, exec root and pid file. Its unix socket is reachable from the machine's namespace.
# - a one-node swarm advertises 127.0.0.1 (the namespace's own loopback). Several nodes: a further namespace
#   shipshape-sw-ID-br holds a bridge; each node gets a veth pair created INSIDE that namespace (never in the
#   machine's) whose node end is moved into the node's namespace, with an address from 198.18.0.0/15 (the
#   benchmarking range: it exists only on those veths, nothing routes between them and the machine's interfaces).
# - the `ingress` network swarm init makes, and docker_gwbridge, are removed: services use the host network.
# - a registry (Debian's docker-registry) on 127.0.0.1:5000 inside every node's namespace, all serving one storage
#   folder, so an image named 127.0.0.1:5000/... (as the example releases name them) is pullable on every node;
#   `push` fills it from the test engine (scripts/test-env.sh) by docker save | docker load | docker push.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER="$(command -v docker || echo docker)"; fi

CMD="${1:-}"; shift || true
ID=dev
NODES=1
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --id) ID="$2"; shift 2 ;;
    --nodes) NODES="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[[ "$ID" =~ ^[a-z0-9]{1,12}$ ]] || { echo "swarm-env: --id must be 1-12 lowercase letters/digits (it names namespaces)" >&2; exit 2; }
[[ "$NODES" =~ ^[1-9]$ ]] || { echo "swarm-env: --nodes must be 1..9" >&2; exit 2; }

PREFIX="shipshape-sw-$ID"
RUN_BASE=/run/shipshape-swarm
STATE_BASE=/var/lib/shipshape-swarm
ENV_DIR="$REPO_ROOT/.swarm-env/$ID"
ENV_FILE="$ENV_DIR/env"
REGISTRY_DIR="$STATE_BASE/$PREFIX-registry"
BRIDGE_NS="$PREFIX-br"

log() { echo "swarm-env[$ID]: $*"; }
die() { echo "swarm-env[$ID]: ERROR: $*" >&2; exit 1; }

node_ns() { echo "$PREFIX-$1"; }
node_run() { echo "$RUN_BASE/$PREFIX-$1"; }
node_state() { echo "$STATE_BASE/$PREFIX-$1"; }
node_sock() { echo "unix://$(node_run "$1")/docker.sock"; }
node_addr() { echo "198.18.0.$(($1 + 1))"; }
dn() { local n=$1; shift; DOCKER_HOST="$(node_sock "$n")" timeout 60 "$DOCKER" "$@"; }

# pid_is PIDFILE NAME -> prints the pid when the pidfile names a live process whose comm is NAME
pid_is() {
  local pidfile=$1 name=$2 pid
  [ -s "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$name" ] || return 1
  echo "$pid"
}

stop_pid() { # PIDFILE NAME
  local pid i
  if pid="$(pid_is "$1" "$2")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { log "$2 $pid did not stop in 30 s; killing"; kill -KILL "$pid" || true; }
  fi
  rm -f "$1"
}

install_packages() {
  local missing=()
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]} and not root"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

storage_driver() {
  local f=/var/lib/shipshape-test/storage-driver
  if [ -s "$f" ]; then cat "$f"; else echo vfs; fi
}

start_node() { # N
  local n=$1 ns run state
  ns="$(node_ns "$n")"; run="$(node_run "$n")"; state="$(node_state "$n")"
  mkdir -p "$run" "$state/docker"
  # the node's hostname is its node name in the swarm: a UTS namespace of its own (dockerd reads uname)
  setsid nohup nsenter --net="/var/run/netns/$ns" unshare --uts -- sh -c '
      hostname "$0" && exec dockerd "$@"' "$ns" \
    --data-root "$state/docker" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" \
    -H "unix://$run/docker.sock" --storage-driver "$(storage_driver)" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    >>"$state/dockerd.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 120); do
    DOCKER_HOST="unix://$run/docker.sock" timeout 5 "$DOCKER" version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -n 20 "$state/dockerd.log" >&2 || true
  die "dockerd of node $n did not answer within 60 s (log $state/dockerd.log)"
}

start_registry() { # N: a registry on the node namespace's 127.0.0.1:5000, shared storage
  local n=$1 ns run state
  ns="$(node_ns "$n")"; run="$(node_run "$n")"; state="$(node_state "$n")"
  mkdir -p "$REGISTRY_DIR"
  cat >"$state/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
EOF
  setsid nohup nsenter --net="/var/run/netns/$ns" /usr/bin/docker-registry serve "$state/registry.yml" \
    >>"$state/registry.log" 2>&1 </dev/null &
  echo $! >"$run/registry.pid"
  local i
  for i in $(seq 1 100); do
    nsenter --net="/var/run/netns/$ns" busybox wget -q -O /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null && return 0
    sleep 0.2
  done
  die "registry of node $n did not answer (log $state/registry.log)"
}

remove_swarm_networks() { # N
  local n=$1 i
  # `network rm ingress` asks for a confirmation; removal is asynchronous, docker_gwbridge can go once it is done
  for i in $(seq 1 50); do
    dn "$n" network inspect ingress >/dev/null 2>&1 || break
    echo y | dn "$n" network rm ingress >/dev/null 2>&1 || true
    sleep 0.2
  done
  for i in $(seq 1 50); do
    dn "$n" network inspect docker_gwbridge >/dev/null 2>&1 || return 0
    dn "$n" network rm docker_gwbridge >/dev/null 2>&1 || true
    sleep 0.2
  done
  log "node $n: docker_gwbridge still present (inside its namespace only)"
}

cmd_up() {
  [ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
  install_packages
  if ip netns list | grep -q "^$(node_ns 1)\b"; then die "swarm $ID exists; run: $0 down --id $ID"; fi
  trap 'log "up failed; tearing down"; cmd_down' ERR
  local n
  if [ "$NODES" -gt 1 ]; then
    ip netns add "$BRIDGE_NS"
    ip -n "$BRIDGE_NS" link set lo up
    ip -n "$BRIDGE_NS" link add br0 type bridge
    ip -n "$BRIDGE_NS" link set br0 up
  fi
  for n in $(seq 1 "$NODES"); do
    ip netns add "$(node_ns "$n")"
    ip -n "$(node_ns "$n")" link set lo up
    if [ "$NODES" -gt 1 ]; then
      # both ends are created inside the bridge namespace; the node end moves to the node's namespace
      ip -n "$BRIDGE_NS" link add "vn$n" type veth peer name eth0 netns "$(node_ns "$n")"
      ip -n "$BRIDGE_NS" link set "vn$n" master br0 up
      ip -n "$(node_ns "$n")" addr add "$(node_addr "$n")/24" dev eth0
      ip -n "$(node_ns "$n")" link set eth0 up
    fi
    start_node "$n"
    start_registry "$n"
  done
  local advertise=127.0.0.1
  [ "$NODES" -gt 1 ] && advertise="$(node_addr 1)"
  dn 1 swarm init --advertise-addr "$advertise" --listen-addr "$advertise:2377" >/dev/null
  remove_swarm_networks 1
  if [ "$NODES" -gt 1 ]; then
    local token
    token="$(dn 1 swarm join-token -q worker)"
    for n in $(seq 2 "$NODES"); do
      dn "$n" swarm join --token "$token" --advertise-addr "$(node_addr "$n")" --listen-addr "$(node_addr "$n"):2377" \
        "$(node_addr 1):2377" >/dev/null
      remove_swarm_networks "$n"
    done
  fi
  for n in $(seq 1 "$NODES"); do
    dn 1 node update --label-add "shipshape.node=$n" "$(node_ns "$n")" >/dev/null
  done
  trap - ERR
  mkdir -p "$ENV_DIR"
  {
    echo "# written by scripts/swarm-env.sh up --id $ID; source it"
    echo "export DOCKER_HOST=$(node_sock 1)"
    echo "export SHIPSHAPE_SWARM_ID=$ID"
    echo "export SHIPSHAPE_SWARM_NODES=$NODES"
    for n in $(seq 1 "$NODES"); do
      echo "export SHIPSHAPE_SWARM_NODE_${n}_NETNS=/var/run/netns/$(node_ns "$n")"
      echo "export SHIPSHAPE_SWARM_NODE_${n}_HOST=$(node_sock "$n")"
    done
  } >"$ENV_FILE"
  log "swarm of $NODES node(s) ready; manager $(node_sock 1); . $ENV_FILE"
}

cmd_push() {
  local src="${SHIPSHAPE_SOURCE_DOCKER_HOST:-unix:///run/shipshape-test/docker.sock}" img
  [ ${#ARGS[@]} -gt 0 ] || die "push: name the images"
  for img in "${ARGS[@]}"; do
    # the example's build untags what it pushed to the test registry: fetch it back from there first
    DOCKER_HOST="$src" "$DOCKER" image inspect "$img" >/dev/null 2>&1 || DOCKER_HOST="$src" "$DOCKER" pull -q "$img" >/dev/null
    DOCKER_HOST="$src" "$DOCKER" save "$img" | dn 1 load >/dev/null
    dn 1 push "$img" >/dev/null
    log "pushed $img into the swarm's registry"
  done
}

cmd_down() {
  local n ns run state
  for n in 1 2 3 4 5 6 7 8 9; do
    ns="$(node_ns "$n")"; run="$(node_run "$n")"; state="$(node_state "$n")"
    [ -d "$run" ] || ip netns list | grep -q "^$ns\b" || [ -d "$state" ] || continue
    if pid_is "$run/dockerd.pid" dockerd >/dev/null; then
      if [ "$n" = 1 ]; then
        local svcs
        svcs="$(dn 1 service ls -q 2>/dev/null || true)"
        [ -n "$svcs" ] && dn 1 service rm $svcs >/dev/null 2>&1 || true
      fi
      dn "$n" swarm leave --force >/dev/null 2>&1 || true
      stop_pid "$run/dockerd.pid" dockerd
    fi
    stop_pid "$run/registry.pid" docker-registry
    # a containerd left by a killed dockerd keeps its socket (and nsfs mounts) under the exec root
    local cpid
    for cpid in $(pgrep -x containerd 2>/dev/null || true); do
      if [[ "$(tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null || true)" == *"$run/"* ]]; then kill "$cpid" 2>/dev/null || true; fi
    done
    # dockerd leaves nsfs mounts (exec/netns/default) under its exec root: the folder can't go while mounted
    local m
    for m in $(awk -v r="$run/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$run" "$state"
    log "node $n removed"
  done
  ip netns del "$BRIDGE_NS" 2>/dev/null || true
  rm -rf "$REGISTRY_DIR" "$ENV_DIR"
}

cmd_status() {
  ip netns list | grep "^$PREFIX" || log "no namespaces"
  awk -v r="$RUN_BASE/$PREFIX" 'index($2, r) == 1' /proc/mounts
  [ -f "$ENV_FILE" ] && cat "$ENV_FILE"
  [ -f "$ENV_FILE" ] && dn 1 node ls 2>/dev/null || true
}

case "$CMD" in
  up) cmd_up ;;
  push) cmd_push ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|push|down|status [--id ID] [--nodes N] [IMAGE...]" >&2; exit 2 ;;
esac
