#!/bin/sh
# spacetech web: serves /www (index.html is bind-mounted from the export folder) on
# 127.0.0.1:$WEB_PORT (SIGTERM stops it at once).
set -eu
: "${WEB_PORT:?WEB_PORT must be set}"
: "${API_PORT:?API_PORT must be set}"
if [ ! -f /www/index.html ]; then echo "web: /www/index.html is missing (bind mount)" >&2; exit 1; fi
# the api must answer (compose starts us after api is healthy; retry briefly anyway)
i=0
until /bin/busybox timeout 2 /bin/busybox wget -q -O /dev/null "http://127.0.0.1:$API_PORT/health"; do
  i=$((i+1)); if [ "$i" -ge 10 ]; then echo "web: api on 127.0.0.1:$API_PORT does not answer" >&2; exit 1; fi
  sleep 0.5
done
cp /app/VERSION /www/image-version.txt
echo "web $(cat /app/VERSION) listening on 127.0.0.1:$WEB_PORT"
# httpd as PID 1 would ignore SIGTERM (the kernel drops default-action signals for PID 1),
# so this shell stays PID 1, forwards SIGTERM/SIGINT and exits at once: `docker stop` takes < 1 s.
/bin/busybox httpd -f -p "127.0.0.1:$WEB_PORT" -h /www &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child" || true; exit 0' TERM INT
wait "$child"
