#!/usr/bin/env bash
# Quick start, offline: builds shipshape, prepares the example server "spacetech" (images in a
# local registry, release zips on a local HTTP server) and upgrades it 1.0.0 -> 1.1.0 by editing
# the version in its desired-state file, printing each step.
#   scripts/quickstart.sh        run it
#   scripts/quickstart.sh down   remove the quick start's containers, volume and folder
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
work="$repo/build/quickstart"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

scripts/test-env.sh >/dev/null
# shellcheck disable=SC1091
. .test-env/env
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }

if [ "${1:-}" = "down" ]; then
  step "removing the quick start's containers and its data volume"
  ids="$(docker_cli ps -aq --filter label=com.docker.compose.project=spacetech)"
  [ -z "$ids" ] || docker_cli rm -f $ids >/dev/null
  docker_cli volume rm spacetech_db-data >/dev/null 2>&1 || true
  examples/spacetech/serve.sh stop || true
  rm -rf "$work"
  echo "done"
  exit 0
fi

step "building shipshape"
./mvnw -q -B -DskipTests package
step "building the example's images and release zips (local registry $SHIPSHAPE_TEST_REGISTRY)"
examples/spacetech/build.sh
examples/spacetech/serve.sh

step "a fresh working folder: $work (server.yaml + projects/spacetech/global.yaml)"
rm -rf "$work"
mkdir -p "$work"
cp examples/spacetech/server.yaml "$work/"
cp -r examples/spacetech/projects "$work/"
cat "$work/server.yaml"

step "shipshape plan (exit code 2: changes pending)"
./shipshape plan -f "$work/server.yaml" || [ $? -eq 2 ]
step "shipshape apply: install 1.0.0"
./shipshape apply -f "$work/server.yaml"
step "shipshape check"
./shipshape check -f "$work/server.yaml"
step "the web page"
busybox wget -q -O - http://127.0.0.1:18301/index.html | grep -iE "version|<h1" || true

step "edit the desired file: spec.version 1.0.0 -> 1.1.0"
sed -i 's/^  version: 1.0.0$/  version: 1.1.0/' "$work/server.yaml"
grep -n "version:" "$work/server.yaml"
step "shipshape plan"
./shipshape plan -f "$work/server.yaml" || [ $? -eq 2 ]
step "shipshape apply: upgrade to 1.1.0 (db is unchanged and keeps running)"
./shipshape apply -f "$work/server.yaml"
step "shipshape check"
./shipshape check -f "$work/server.yaml"
step "shipshape version"
./shipshape version -f "$work/server.yaml"
step "the web page"
busybox wget -q -O - http://127.0.0.1:18301/index.html | grep -iE "version|<h1" || true
step "a second apply changes nothing; plan exits 0"
./shipshape apply -f "$work/server.yaml"
./shipshape plan -f "$work/server.yaml"

cat <<EOT

The server runs on 127.0.0.1:18301 (web), :18302 (api), :18303 (db). Try:
  . .test-env/env
  ./shipshape check -f $work/server.yaml
  docker rm -f spacetech-api-1 && ./shipshape apply -f $work/server.yaml
Remove it all with: scripts/quickstart.sh down
EOT
