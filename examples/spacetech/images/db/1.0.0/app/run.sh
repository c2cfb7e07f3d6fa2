#!/bin/sh
# spacetech db: a tiny "database" whose state lives in the volume mounted at /data.
# It serves /data/www over HTTP on 127.0.0.1:$DB_PORT (SIGTERM stops it at once).
set -eu
: "${DB_PORT:?DB_PORT must be set}"
if [ -z "${DB_PASSWORD:-}" ]; then echo "db: DB_PASSWORD is not set" >&2; exit 1; fi
mkdir -p /data/www /data/private
# The password is never printed; the volume remembers its hash and refuses another one,
# like a real database whose data was initialised with the first password.
hash="$(printf '%s' "$DB_PASSWORD" | sha256sum | cut -d' ' -f1)"
if [ -f /data/private/password.sha256 ]; then
  if [ "$(cat /data/private/password.sha256)" != "$hash" ]; then
    echo "db: DB_PASSWORD does not match the one this data volume was initialised with" >&2
    exit 1
  fi
else
  echo "$hash" > /data/private/password.sha256
  date -u +%Y-%m-%dT%H:%M:%SZ > /data/www/created
  echo "db: initialised a new data volume"
fi
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) start image=$(cat /app/VERSION)" >> /data/www/boots
echo ok > /data/www/health
echo "db $(cat /app/VERSION) listening on 127.0.0.1:$DB_PORT"
# httpd as PID 1 would ignore SIGTERM (the kernel drops default-action signals for PID 1),
# so this shell stays PID 1, forwards SIGTERM/SIGINT and exits at once: `docker stop` takes < 1 s.
/bin/busybox httpd -f -p "127.0.0.1:$DB_PORT" -h /data/www &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child" || true; exit 0' TERM INT
wait "$child"
