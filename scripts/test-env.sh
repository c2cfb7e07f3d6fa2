#!/usr/bin/env bash
# Test environment for shipshape: a Docker engine and a local registry, on loopback only.
#
#   scripts/test-env.sh          start (or reuse) dockerd + registry, write .test-env/env
#   scripts/test-env.sh stop     stop the dockerd and registry this script started (only those)
#   scripts/test-env.sh status   show what runs
#
# Then:  . .test-env/env   (exports DOCKER_HOST and SHIPSHAPE_TEST_REGISTRY)
#
# Network rule: the private dockerd runs with exactly
#   --bridge=none --iptables=false --ip-forward=false --ip-masq=false
# the registry listens on 127.0.0.1 only; no Docker network is ever created.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR=/var/lib/shipshape-test
RUN_DIR=/run/shipshape-test
DOCKER_DATA_ROOT="$STATE_DIR/docker"
DOCKER_EXEC_ROOT="$RUN_DIR/exec"
DOCKER_PIDFILE="$RUN_DIR/dockerd.pid"
DOCKER_SOCK="$RUN_DIR/docker.sock"
DOCKER_LOG="$STATE_DIR/dockerd.log"
DOCKER_DRIVER_FILE="$STATE_DIR/storage-driver"
REGISTRY_PORT="${SHIPSHAPE_REGISTRY_PORT:-5000}"
REGISTRY_ADDR="127.0.0.1:$REGISTRY_PORT"
REGISTRY_DIR="$STATE_DIR/registry"
REGISTRY_CONFIG="$REGISTRY_DIR/config-$REGISTRY_PORT.yml"
REGISTRY_PIDFILE="$RUN_DIR/registry-$REGISTRY_PORT.pid"
REGISTRY_LOG="$STATE_DIR/registry-$REGISTRY_PORT.log"
ENV_DIR="$REPO_ROOT/.test-env"
ENV_FILE="$ENV_DIR/env"

if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER="$(command -v docker || echo docker)"; fi

log() { echo "test-env: $*"; }
die() { echo "test-env: ERROR: $*" >&2; exit 1; }

# pid_is PIDFILE NAME -> prints the pid when the pidfile names a live process whose comm is NAME
pid_is() {
  local pidfile=$1 name=$2 pid comm
  [ -s "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
  [ "$comm" = "$name" ] || return 1
  echo "$pid"
}

engine_answers() { # HOST
  DOCKER_HOST="$1" timeout 10 "$DOCKER" version >/dev/null 2>&1
}

registry_answers() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "http://$REGISTRY_ADDR/v2/" 2>/dev/null
  else
    timeout 3 busybox wget -q -O /dev/null "http://$REGISTRY_ADDR/v2/" 2>/dev/null
  fi
}

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  # Debian's docker-compose (1.29): the adoption tests install the example as the manual runbook would
  [ -x /usr/bin/docker-compose ] || missing+=(docker-compose)
  # htpasswd (bcrypt entries) for the tests' password-protected registry
  [ -x /usr/bin/htpasswd ] || missing+=(apache2-utils)
  # the benchmark's smoke run builds its service (bench/svc.c) as a static binary
  command -v cc >/dev/null 2>&1 || missing+=(gcc)
  [ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -n "$(find /usr/lib -name libc.a -print -quit 2>/dev/null)" ] || missing+=(libc6-dev)
  # Debian's headless Chromium: StatusPageIT loads the status page in it (and fails without it)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]} and not root"
    log "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "packages present (docker.io, docker-registry, busybox-static, docker-compose, apache2-utils, gcc, libc6-dev)"
  fi
  # Debian's docker-registry package may start its own service on :5000 (with auth); we run our own.
}

# The linters of the operations files (OperationsFilesTest): systemd-analyze (package systemd) and
# promtool (Debian's prometheus package ships it). Nothing of them may run: prometheus is installed
# without recommends (no node exporter) and with a policy-rc.d that refuses every service start in
# place (Docker images have one; when there is none, a temporary one for the install), and the
# service its postinst enables for the next boot is disabled again. Only promtool is used.
install_ops_tools() {
  local missing=() policy=/usr/sbin/policy-rc.d own_policy=0
  command -v systemd-analyze >/dev/null 2>&1 || [ -x /usr/bin/systemd-analyze ] || missing+=(systemd)
  command -v promtool >/dev/null 2>&1 || [ -x /usr/bin/promtool ] || missing+=(prometheus)
  if [ ${#missing[@]} -eq 0 ]; then
    log "ops linters present (systemd-analyze, promtool)"
    return
  fi
  [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]} (systemd-analyze, promtool) and not root"
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# written by shipshape scripts/test-env.sh for one apt-get install: start no service\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  log "installing ${missing[*]} with apt-get --no-install-recommends (no service started)"
  export DEBIAN_FRONTEND=noninteractive
  local rc=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } || rc=$?
  [ "$own_policy" = 1 ] && rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get install ${missing[*]} failed"
  if [[ " ${missing[*]} " == *" prometheus "* ]]; then
    deb-systemd-helper disable prometheus.service >/dev/null 2>&1 || true
    update-rc.d prometheus disable >/dev/null 2>&1 || true
    if [ -d /run/systemd/system ]; then systemctl disable --now prometheus.service >/dev/null 2>&1 || true; fi
  fi
}

# Can the kernel mount overlayfs on the data-root filesystem?
overlay_works() {
  local t
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || true
  grep -qw overlay /proc/filesystems || return 1
  mkdir -p "$STATE_DIR"
  t="$(mktemp -d "$STATE_DIR/overlay-test.XXXXXX")"
  mkdir -p "$t/lower" "$t/upper" "$t/work" "$t/merged"
  echo x >"$t/lower/f"
  local ok=1
  if mount -t overlay overlay -o "lowerdir=$t/lower,upperdir=$t/upper,workdir=$t/work" "$t/merged" 2>/dev/null; then
    if [ -f "$t/merged/f" ] && echo y >"$t/merged/g" 2>/dev/null; then ok=0; fi
    umount "$t/merged" 2>/dev/null || umount -l "$t/merged" 2>/dev/null || true
  fi
  rm -rf "$t"
  return $ok
}

start_dockerd() {
  local driver pid
  if [ -s "$DOCKER_DRIVER_FILE" ]; then
    driver="$(cat "$DOCKER_DRIVER_FILE")"
  elif overlay_works; then
    driver=overlay2
  else
    driver=vfs
  fi
  log "starting private dockerd (storage driver $driver, socket $DOCKER_SOCK, log $DOCKER_LOG)"
  mkdir -p "$DOCKER_DATA_ROOT" "$DOCKER_EXEC_ROOT" "$RUN_DIR" "$STATE_DIR"
  rm -f "$DOCKER_PIDFILE" "$DOCKER_SOCK"
  setsid nohup dockerd \
    --data-root "$DOCKER_DATA_ROOT" \
    --exec-root "$DOCKER_EXEC_ROOT" \
    --pidfile "$DOCKER_PIDFILE" \
    --host "unix://$DOCKER_SOCK" \
    --storage-driver "$driver" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    >>"$DOCKER_LOG" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do
    if engine_answers "unix://$DOCKER_SOCK"; then
      echo "$driver" >"$DOCKER_DRIVER_FILE"
      log "dockerd answers after ${i}s (pid $(cat "$DOCKER_PIDFILE" 2>/dev/null || echo ?))"
      return 0
    fi
    if [ "$i" -gt 3 ] && ! pid_is "$DOCKER_PIDFILE" dockerd >/dev/null && ! pgrep -f -- "--pidfile $DOCKER_PIDFILE" >/dev/null; then
      break
    fi
    sleep 1
  done
  tail -n 20 "$DOCKER_LOG" >&2 || true
  if [ "$driver" = overlay2 ]; then
    log "dockerd did not come up with overlay2; retrying with vfs"
    pid="$(pid_is "$DOCKER_PIDFILE" dockerd || true)"
    [ -n "$pid" ] && { kill "$pid"; sleep 2; }
    echo vfs >"$DOCKER_DRIVER_FILE"
    start_dockerd
    return $?
  fi
  die "dockerd did not answer within 60 s (see $DOCKER_LOG)"
}

ensure_docker() {
  local pid
  # 1. our own private engine, when alive
  if pid="$(pid_is "$DOCKER_PIDFILE" dockerd)"; then
    if engine_answers "unix://$DOCKER_SOCK"; then
      log "reusing private dockerd (pid $pid, unix://$DOCKER_SOCK)"
      USE_DOCKER_HOST="unix://$DOCKER_SOCK"
      return
    fi
    die "private dockerd pid $pid is alive but does not answer on $DOCKER_SOCK (see $DOCKER_LOG)"
  fi
  # 2. an engine the caller already has
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix://$DOCKER_SOCK" ] && engine_answers "$DOCKER_HOST"; then
    log "using existing Docker engine at DOCKER_HOST=$DOCKER_HOST"
    USE_DOCKER_HOST="$DOCKER_HOST"
    return
  fi
  if [ -S /var/run/docker.sock ] && engine_answers unix:///var/run/docker.sock; then
    log "using existing Docker engine at unix:///var/run/docker.sock"
    USE_DOCKER_HOST=unix:///var/run/docker.sock
    return
  fi
  # 3. start our own, cleaning leftovers of a killed run
  if [ -e "$DOCKER_PIDFILE" ] || [ -e "$DOCKER_SOCK" ]; then
    log "removing stale pidfile/socket of a dead private dockerd"
    rm -f "$DOCKER_PIDFILE" "$DOCKER_SOCK"
  fi
  # a containerd left over by a killed dockerd keeps its socket in the exec root
  local cpid
  for cpid in $(pgrep -x containerd 2>/dev/null || true); do
    if [[ "$(tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null || true)" == *"$DOCKER_EXEC_ROOT"* ]]; then
      log "stopping orphaned containerd $cpid of a dead private dockerd"
      kill "$cpid" 2>/dev/null || true
      sleep 1
    fi
  done
  start_dockerd
  USE_DOCKER_HOST="unix://$DOCKER_SOCK"
}

ensure_registry() {
  local pid
  if pid="$(pid_is "$REGISTRY_PIDFILE" docker-registry)"; then
    for _ in 1 2 3 4 5; do
      if registry_answers; then
        log "reusing registry (pid $pid, http://$REGISTRY_ADDR)"
        return
      fi
      sleep 1
    done
    log "our registry (pid $pid) does not answer; restarting it"
    stop_one "$REGISTRY_PIDFILE" docker-registry
  fi
  if registry_answers; then
    log "a registry already answers at http://$REGISTRY_ADDR (not ours); using it"
    return
  fi
  [ -e "$REGISTRY_PIDFILE" ] && { log "removing stale registry pidfile"; rm -f "$REGISTRY_PIDFILE"; }
  mkdir -p "$REGISTRY_DIR/data" "$RUN_DIR"
  cat >"$REGISTRY_CONFIG" <<EOF
version: 0.1
log:
  level: warn
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
  log "starting registry on http://$REGISTRY_ADDR (storage $REGISTRY_DIR/data, log $REGISTRY_LOG)"
  setsid nohup /usr/bin/docker-registry serve "$REGISTRY_CONFIG" >>"$REGISTRY_LOG" 2>&1 </dev/null &
  echo $! >"$REGISTRY_PIDFILE"
  local i
  for i in $(seq 1 100); do
    if registry_answers; then log "registry answers (pid $(cat "$REGISTRY_PIDFILE"))"; return; fi
    pid_is "$REGISTRY_PIDFILE" docker-registry >/dev/null || { tail -n 20 "$REGISTRY_LOG" >&2; die "registry exited"; }
    sleep 0.2
  done
  die "registry did not answer within 20 s (see $REGISTRY_LOG)"
}

write_env() {
  mkdir -p "$ENV_DIR"
  cat >"$ENV_FILE.tmp" <<EOF
# written by scripts/test-env.sh; source it:  . .test-env/env
export DOCKER_HOST=$USE_DOCKER_HOST
export SHIPSHAPE_TEST_REGISTRY=$REGISTRY_ADDR
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  log "wrote $ENV_FILE (DOCKER_HOST=$USE_DOCKER_HOST SHIPSHAPE_TEST_REGISTRY=$REGISTRY_ADDR)"
}

stop_one() { # PIDFILE NAME
  local pidfile=$1 name=$2 pid i
  if pid="$(pid_is "$pidfile" "$name")"; then
    log "stopping $name (pid $pid)"
    kill -TERM "$pid"
    for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in 30 s; killing"; kill -KILL "$pid" || true; fi
  else
    log "$name not running (by this script)"
  fi
  rm -f "$pidfile"
}

cmd_stop() {
  stop_one "$REGISTRY_PIDFILE" docker-registry
  stop_one "$DOCKER_PIDFILE" dockerd
  rm -f "$DOCKER_SOCK"
}

cmd_status() {
  local pid
  if pid="$(pid_is "$DOCKER_PIDFILE" dockerd)"; then log "dockerd running (pid $pid, unix://$DOCKER_SOCK, driver $(cat "$DOCKER_DRIVER_FILE" 2>/dev/null))"; else log "dockerd not running"; fi
  if pid="$(pid_is "$REGISTRY_PIDFILE" docker-registry)"; then log "registry running (pid $pid, http://$REGISTRY_ADDR)"; else log "registry not running"; fi
  [ -f "$ENV_FILE" ] && cat "$ENV_FILE"
}

case "${1:-start}" in
  start)
    install_packages
    install_ops_tools
    ensure_docker
    ensure_registry
    write_env
    log "ready: . $ENV_FILE"
    ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
