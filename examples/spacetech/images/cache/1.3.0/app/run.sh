#!/bin/sh
# spacetech cache (new in 1.3.0, behind the feature flag features.cache): keeps its state in the
# volume mounted at /cache and serves it on 127.0.0.1:$CACHE_PORT (SIGTERM stops it at once).
set -eu
: "${CACHE_PORT:?CACHE_PORT must be set}"
mkdir -p /cache
[ -f /cache/created ] || date -u +%Y-%m-%dT%H:%M:%SZ > /cache/created
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) start image=$(cat /app/VERSION)" >> /cache/boots
echo ok > /cache/health
echo "cache $(cat /app/VERSION) listening on 127.0.0.1:$CACHE_PORT"
# httpd as PID 1 would ignore SIGTERM (the kernel drops default-action signals for PID 1),
# so this shell stays PID 1, forwards SIGTERM/SIGINT and exits at once: `docker stop` takes < 1 s.
/bin/busybox httpd -f -p "127.0.0.1:$CACHE_PORT" -h /cache &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child" || true; exit 0' TERM INT
wait "$child"
