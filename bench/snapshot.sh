#!/usr/bin/env bash
# shipshape benchmark of volume snapshots (issue 19): for a volume of 100 MiB and one of 1 GiB, the time a
# snapshot takes, the downtime it adds to the service using the volume, and its size on disk.
#
#   bench/bench.sh snapshot [-r 3] [--sizes "100 1024"] [--data random|text] [--out FILE]
#     -r       repetitions per size, default 3
#     --sizes  volume sizes in MiB, default "100 1024"
#     --data   random (incompressible, the default: the worst case) or text (numbered lines, compressible like
#              some data; real databases vary)
#     --out    where the markdown table goes, default stdout
#
# Each run: a volume <project>_data filled with random bytes (incompressible: the worst case for time and
# size), a container of the project using it (it exits at once on SIGTERM, so its stop costs no grace
# period), then `shipshape snapshot create` (consistency stopped: the container is stopped, the volume read
# through the engine's archive endpoint into .shipshape/snapshots/, gzip, sha256, the container started again).
#   read ms     the manifest's tookMillis: stop + read + compress + checksum (what a snapshot in a service's own
#               outage window adds to it, less the stop its replacement does anyway)
#   down ms     from the container's FinishedAt to its next StartedAt (docker inspect): what a snapshot adds
#               to the downtime of a service that is not recreated (or when an upgrade job runs)
#   wall ms     the whole command, JVM start included
#   on disk     du of the snapshot's folder
# Needs: DOCKER_HOST (. .test-env/env), the example's db image in $SHIPSHAPE_TEST_REGISTRY (examples/spacetech/build.sh),
# the jar (./mvnw -o -q package -pl controller -am -DskipTests). Host networking only; everything it creates is
# labelled dev.shipshape.bench=shipsnap and removed at the end.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
REGISTRY="${SHIPSHAPE_TEST_REGISTRY:-127.0.0.1:5000}"
REPS=3 SIZES="100 1024" OUT="" DATA=random
while [ $# -gt 0 ]; do
  case "$1" in
    -r) REPS="$2"; shift 2 ;;
    --sizes) SIZES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    *) sed -n '2,24p' "$0" >&2; exit 2 ;;
  esac
done
JAR="$REPO/controller/target/shipshape.jar"
[ -f "$JAR" ] || { echo "bench: build the jar first: ./mvnw -o -q package -pl controller -am -DskipTests" >&2; exit 1; }
PROJECT=shipsnap
IMAGE="$REGISTRY/spacetech/db:1.0.0"
LABEL="dev.shipshape.bench=$PROJECT"
WORK="$(mktemp -d /tmp/shipsnap.XXXXXX)"
log() { echo "bench: $(date +%T) $*" >&2; }
cleanup() {
  docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker ps -aq --filter "label=dev.shipshape.snapshot-carrier=$PROJECT" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker volume ls -q --filter "label=$LABEL" | xargs -r docker volume rm >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
docker image inspect "$IMAGE" >/dev/null 2>&1 || docker pull -q "$IMAGE" >/dev/null
cat > "$WORK/server.yaml" <<YAML
apiVersion: shipshape.dev/v1
kind: Server
metadata:
  name: $PROJECT
spec:
  version: 1.0.0
  source:
    url: nowhere/s-{version}.zip
  projectDir: project
  rollout:
    snapshotRetention: 1
YAML
ms() { date +%s%3N; }
epoch_ms() { date -d "$1" +%s%3N; }
rows=()
for size in $SIZES; do
  for rep in $(seq 1 "$REPS"); do
    cleanup_run() {
      docker rm -f "$PROJECT-db-1" >/dev/null 2>&1 || true
      docker volume rm "${PROJECT}_data" >/dev/null 2>&1 || true
    }
    cleanup_run
    docker volume create --label "$LABEL" --label "com.docker.compose.project=$PROJECT" --label com.docker.compose.volume=data \
      "${PROJECT}_data" >/dev/null
    docker run --rm --network host --label "$LABEL" -v "${PROJECT}_data:/data" "$IMAGE" \
      sh -c "$(if [ "$DATA" = text ]; then echo "seq 1 100000000 | sed 's/\$/ row of the table with some text/' | head -c $((size * 1048576)) > /data/rows.txt"; else echo "head -c $((size * 1048576)) /dev/urandom > /data/random.bin"; fi)" >/dev/null
    docker run -d --network host --name "$PROJECT-db-1" --label "$LABEL" --label "com.docker.compose.project=$PROJECT" \
      --label com.docker.compose.service=db -v "${PROJECT}_data:/data" "$IMAGE" \
      sh -c 'trap "exit 0" TERM; sleep 1000000 & wait' >/dev/null
    log "size ${size} MiB, run $rep: snapshot"
    t0=$(ms)
    out="$(java -jar "$JAR" snapshot create -f "$WORK/server.yaml")"
    wall=$(( $(ms) - t0 ))
    id="$(echo "$out" | sed -n 's/^snapshot \([^:]*\):.*/\1/p')"
    folder="$WORK/project/.shipshape/snapshots/$id"
    took="$(sed -n 's/.*"tookMillis" : \([0-9]*\).*/\1/p' "$folder/manifest.json")"
    disk="$(du -sb "$folder" | cut -f1)"
    finished="$(docker inspect -f '{{.State.FinishedAt}}' "$PROJECT-db-1")"
    started="$(docker inspect -f '{{.State.StartedAt}}' "$PROJECT-db-1")"
    down=$(( $(epoch_ms "$started") - $(epoch_ms "$finished") ))
    rows+=("| $size MiB $DATA | $rep | $took | $down | $wall | $(awk -v b="$disk" 'BEGIN{printf "%.1f MiB", b/1048576}') |")
    log "  read ${took} ms, down ${down} ms, wall ${wall} ms, on disk ${disk} bytes"
  done
done
{
  echo "| volume | run | read ms | down ms | wall ms | on disk |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "$(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); shipshape $(git -C "$REPO" rev-parse --short HEAD)"
} > "${OUT:-/dev/stdout}"
