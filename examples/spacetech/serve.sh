#!/usr/bin/env bash
# Serves examples/spacetech/dist (the release zips) on http://127.0.0.1:PORT/ for the quick start.
#   examples/spacetech/serve.sh [PORT]   start (default port 18080; reuses a running server)
#   examples/spacetech/serve.sh stop     stop it
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${SHIPSHAPE_SERVE_RUN_DIR:-/run/shipshape-test}"
PIDFILE="$RUN_DIR/spacetech-serve.pid"
LOG="$RUN_DIR/spacetech-serve.log"
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || BUSYBOX="$(command -v busybox)"

running_pid() {
  local pid
  [ -s "$PIDFILE" ] || return 1
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" == *"httpd -f"* ]] || return 1
  echo "$pid"
}

case "${1:-}" in
  stop)
    if pid="$(running_pid)"; then
      kill "$pid"; for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      echo "serve: stopped (pid $pid)"
    else
      echo "serve: not running"
    fi
    rm -f "$PIDFILE"
    exit 0 ;;
  ''|[0-9]*) PORT="${1:-18080}" ;;
  *) echo "usage: $0 [PORT] | stop" >&2; exit 2 ;;
esac

[ -d "$HERE/dist" ] || { echo "serve: $HERE/dist is missing; run build.sh first" >&2; exit 1; }
mkdir -p "$RUN_DIR"
if pid="$(running_pid)"; then
  port_now="$(cat "$PIDFILE.port" 2>/dev/null || echo '?')"
  if [ "$port_now" = "$PORT" ]; then
    echo "serve: already serving $HERE/dist on http://127.0.0.1:$PORT/ (pid $pid)"; exit 0
  fi
  echo "serve: restarting on port $PORT (was $port_now)"; kill "$pid"; sleep 0.5
fi
rm -f "$PIDFILE"
setsid nohup "$BUSYBOX" httpd -f -p "127.0.0.1:$PORT" -h "$HERE/dist" >>"$LOG" 2>&1 </dev/null &
echo $! >"$PIDFILE"
echo "$PORT" >"$PIDFILE.port"
for _ in $(seq 1 25); do
  # any HTTP answer will do (the dist folder has no index); note: busybox 1.35 wget -T segfaults
  answer="$(timeout 2 "$BUSYBOX" wget -S -O /dev/null "http://127.0.0.1:$PORT/" 2>&1 || true)"
  if [[ "$answer" == *HTTP/1* ]]; then
    echo "serve: serving $HERE/dist on http://127.0.0.1:$PORT/ (pid $(cat "$PIDFILE"))"; exit 0
  fi
  running_pid >/dev/null || { cat "$LOG" >&2; echo "serve: httpd exited" >&2; exit 1; }
  sleep 0.2
done
echo "serve: httpd does not answer on 127.0.0.1:$PORT" >&2; exit 1
