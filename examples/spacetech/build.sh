#!/usr/bin/env bash
# Builds the spacetech-server example:
#   1. the images (web, api, db, cache: every images/<service>/<version>/) on a busybox rootfs (docker import,
#      no network), pushed to $SHIPSHAPE_TEST_REGISTRY and untagged locally so a pull transfers;
#      an image the registry already has is skipped unless --force;
#   2. the release zips dist/spacetech-server-linux-x64-<version>.zip (+ .sha256), deterministic,
#      with ${REGISTRY} in manifest.yaml replaced by $SHIPSHAPE_TEST_REGISTRY, one per release/<version>/:
#        1.0.0  web:1.0.0 api:1.0.0 db:1.0.0
#        1.1.0  web:1.1.0 api:1.1.0 db:1.0.0                 (upgradeFrom 1.0.0)
#        1.2.0  web:1.1.0 api:1.2.0 db:1.0.0                 (upgradeFrom 1.1.0; api:1.2.0 runs but is never healthy)
#        1.3.0  web:1.1.0 api:1.1.0 db:1.0.0 cache:1.3.0     (upgradeFrom 1.1.0; jobs migrate/init; cache behind features.cache)
# Usage: examples/spacetech/build.sh [--force] [--zips-only]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
if [ -f "$REPO_ROOT/.test-env/env" ]; then . "$REPO_ROOT/.test-env/env"; fi
REGISTRY="${SHIPSHAPE_TEST_REGISTRY:-127.0.0.1:5000}"
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER="$(command -v docker || echo docker)"; fi
PRODUCT=spacetech-server
FORCE=0 ZIPS_ONLY=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    --zips-only) ZIPS_ONLY=1 ;;
    *) echo "usage: $0 [--force] [--zips-only]" >&2; exit 2 ;;
  esac
done

log() { echo "build: $*"; }
die() { echo "build: ERROR: $*" >&2; exit 1; }

need_pkgs=()
command -v zip >/dev/null 2>&1 || need_pkgs+=(zip)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# http_ok URL [HEADER...]: true when URL answers 2xx (curl when present, else busybox wget)
http_ok() {
  local url=$1; shift
  if command -v curl >/dev/null 2>&1; then
    local h=() x
    for x in "$@"; do h+=(-H "$x"); done
    curl -fsS -o /dev/null --max-time 5 ${h[@]+"${h[@]}"} "$url" 2>/dev/null
  else
    local h=() x
    for x in "$@"; do h+=(--header "$x"); done
    timeout 5 busybox wget -q -O /dev/null ${h[@]+"${h[@]}"} "$url" 2>/dev/null
  fi
}

# does the registry hold REPO:TAG ?
registry_has() {
  http_ok "http://$REGISTRY/v2/$1/manifests/$2" \
    'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    'Accept: application/vnd.oci.image.manifest.v1+json'
}

# the shared rootfs: static busybox + applet symlinks + a minimal /etc
make_base_rootfs() {
  local r="$WORK/base"
  mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/www" "$r/data" "$r/app"
  cp /bin/busybox "$r/bin/busybox"
  local a
  for a in $(/bin/busybox --list); do
    [ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
  done
  chmod 1777 "$r/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
}

build_image() { # SERVICE VERSION
  local svc=$1 ver=$2 repo="spacetech/$1" ref="$REGISTRY/spacetech/$1:$2"
  if [ "$FORCE" = 0 ] && registry_has "$repo" "$ver"; then
    log "image $ref already in the registry; skipped"
    return
  fi
  [ -d "$WORK/base" ] || make_base_rootfs
  local r="$WORK/rootfs-$svc-$ver"
  rm -rf "$r"; cp -a "$WORK/base" "$r"
  cp -a "$HERE/images/$svc/$ver/." "$r/"
  chmod 0755 "$r/app/run.sh"
  log "building $ref"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$r" -cf "$WORK/$svc-$ver.tar" .
  "$DOCKER" import \
    --change 'CMD ["/bin/sh", "/app/run.sh"]' \
    --change 'ENV PATH=/bin' \
    --change 'WORKDIR /' \
    --change "LABEL org.opencontainers.image.title=spacetech-$svc org.opencontainers.image.version=$ver" \
    --message "spacetech $svc $ver" \
    "$WORK/$svc-$ver.tar" "$ref" >/dev/null
  log "pushing $ref"
  "$DOCKER" push "$ref" >/dev/null
  "$DOCKER" rmi "$ref" >/dev/null
  registry_has "$repo" "$ver" || die "pushed $ref but the registry does not list it"
}

if [ "$ZIPS_ONLY" = 0 ]; then
  "$DOCKER" version >/dev/null 2>&1 || die "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}); run scripts/test-env.sh"
  http_ok "http://$REGISTRY/v2/" || die "no registry answers at http://$REGISTRY/v2/; run scripts/test-env.sh"
  for svc in $(ls "$HERE/images" | LC_ALL=C sort); do
    for ver in $(ls "$HERE/images/$svc" | LC_ALL=C sort); do build_image "$svc" "$ver"; done
  done
fi

# release zips
mkdir -p "$HERE/dist"
for rel in $(ls -d "$HERE"/release/*/ | LC_ALL=C sort); do
  ver="$(basename "$rel")"
  zipname="$PRODUCT-linux-x64-$ver.zip"
  pkg="$WORK/pkg-$ver"
  rm -rf "$pkg"; mkdir -p "$pkg"
  cp -a "$rel/." "$pkg/"
  sed -i "s|\${REGISTRY}|$REGISTRY|g" "$pkg/manifest.yaml"
  if grep -q '\${REGISTRY}' -r "$pkg"; then die "unsubstituted \${REGISTRY} left in $ver"; fi
  find "$pkg" -type d -exec chmod 0755 {} + ; find "$pkg" -type f -exec chmod 0644 {} +
  find "$pkg" -exec touch -h -d '2000-01-01 00:00:00 UTC' {} +
  rm -f "$WORK/$zipname"
  (cd "$pkg" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | TZ=UTC zip -q -X -D "$WORK/$zipname" -@)
  mv "$WORK/$zipname" "$HERE/dist/$zipname"
  (cd "$HERE/dist" && sha256sum "$zipname" >"$zipname.sha256")
  log "wrote dist/$zipname ($(cut -c1-16 "$HERE/dist/$zipname.sha256")…)"
done
log "done (registry $REGISTRY)"
