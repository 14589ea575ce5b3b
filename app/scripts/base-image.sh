#!/usr/bin/env bash
# Builds the local stand-in for the public Node base image (there is no Docker Hub here):
# this machine's `node` binary and the shared libraries it links, plus a non-root user `node`
# (1000:1000) and /tmp, imported as one layer. Idempotent: the image carries the node binary's
# sha256 (and this script's) as a label and is rebuilt only when that changes.
#   usage: app/scripts/base-image.sh [tag]     (default org/node-base:20; prints the tag)
set -euo pipefail

tag=${1:-${BASE_IMAGE_TAG:-org/node-base:20}}
node_bin=$(readlink -f "$(command -v node)")
# The identity of the image: the node binary and this recipe.
node_sha=$(cat "$node_bin" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)

current=$(docker image inspect --format '{{ index .Config.Labels "org.node-base.node-sha256" }}' "$tag" 2>/dev/null || true)
if [ "$current" = "$node_sha" ]; then
  echo "$tag"
  exit 0
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT

install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
# Every library the dynamic linker resolves for node, at the same absolute path (the
# interpreter line of ldd has no "=>", hence the two patterns).
ldd "$node_bin" | awk '/=> \//{print $3} /^[[:space:]]*\/.*\(0x/{print $1}' | while read -r lib; do
  install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
done

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/node"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000:node:/home/node:/usr/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$rootfs/etc/group"
chown 1000:1000 "$rootfs/home/node"

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'CMD ["node"]' \
  --change "LABEL org.node-base.node-sha256=$node_sha org.node-base.node-version=$(node -v)" \
  - "$tag" >/dev/null
echo "$tag"
