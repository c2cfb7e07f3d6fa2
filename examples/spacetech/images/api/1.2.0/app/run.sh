#!/bin/sh
# spacetech api 1.2.0: a deliberately BROKEN release for the safe-rollout tests.
# It starts like 1.1.0 and keeps serving /status.json on 127.0.0.1:$API_PORT, but it never
# writes /www/health, so its health check (wget .../health) fails forever while the process
# keeps running: the container stays "running" and turns "(unhealthy)", it never exits.
set -eu
: "${API_PORT:?API_PORT must be set}"
: "${DB_PORT:?DB_PORT must be set}"
if [ -z "${API_TOKEN:-}" ]; then echo "api: API_TOKEN is not set" >&2; exit 1; fi
version="$(cat /app/VERSION)"
# the db must answer (compose starts us after db is healthy; retry briefly anyway)
i=0
until /bin/busybox timeout 2 /bin/busybox wget -q -O /dev/null "http://127.0.0.1:$DB_PORT/health"; do
  i=$((i+1)); if [ "$i" -ge 10 ]; then echo "api: db on 127.0.0.1:$DB_PORT does not answer" >&2; exit 1; fi
  sleep 0.5
done
mkdir -p /www
rm -f /www/health
cat > /www/status.json <<JSON
{"service": "api", "version": "$version", "release": "${SPACETECH_RELEASE:-}", "greeting": "${API_GREETING:-}", "db": "ok", "features": ["orbit-greeting"], "tokenLength": ${#API_TOKEN}, "healthy": false}
JSON
# the bug of 1.2.0: /www/health is never written
echo "api $version listening on 127.0.0.1:$API_PORT (1.2.0 never reports healthy)"
# httpd as PID 1 would ignore SIGTERM (the kernel drops default-action signals for PID 1),
# so this shell stays PID 1, forwards SIGTERM/SIGINT and exits at once: `docker stop` takes < 1 s.
/bin/busybox httpd -f -p "127.0.0.1:$API_PORT" -h /www &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child" || true; exit 0' TERM INT
wait "$child"
