#!/usr/bin/env bash
# Builds trawler-test/busybox:1.35, a minimal image for tests that run containers: the static
# busybox of the Debian package busybox-static with every applet linked in /bin, /tmp, and
# passwd/group entries for root and nobody. Built with `docker import`, so no base image is needed.
#
# Usage: build-image.sh [--force]
# Skips the build when the image exists and its input hash label matches.
set -euo pipefail

readonly IMAGE=trawler-test/busybox:1.35
readonly HASH_LABEL=io.trawler.build.inputs
readonly DOCKER=/usr/bin/docker
readonly BUSYBOX=/bin/busybox
readonly SCRIPT="${BASH_SOURCE[0]}"

log() { printf '[busybox] %s\n' "$*"; }

input_hash() {
    sha256sum "$SCRIPT" "$BUSYBOX" | awk '{ print $1 }' | sha256sum | cut -c1-16
}

current_hash() {
    "$DOCKER" image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$IMAGE" \
        2> /dev/null || true
}

fill_rootfs() {
    local rootfs=$1
    local applet
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
    chmod 1777 "$rootfs/tmp"
    cp "$BUSYBOX" "$rootfs/bin/busybox"
    for applet in $("$BUSYBOX" --list); do
        [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
        > "$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
}

main() {
    # The image has no libraries, so only the static build of the busybox-static package runs.
    if [ ! -x "$BUSYBOX" ] || ldd "$BUSYBOX" > /dev/null 2>&1; then
        log "error: no static $BUSYBOX (apt-get install busybox-static)"
        exit 1
    fi
    local hash
    hash=$(input_hash)
    if [ "${1:-}" != --force ] && [ "$(current_hash)" = "$hash" ]; then
        log "$IMAGE is up to date ($hash)"
        return
    fi

    log "building $IMAGE"
    local started=$SECONDS rootfs previous
    rootfs=$(mktemp -d)
    ROOTFS_DIR=$rootfs
    trap 'rm -rf "$ROOTFS_DIR"' EXIT
    fill_rootfs "$rootfs"

    previous=$("$DOCKER" image inspect --format '{{ .Id }}' "$IMAGE" 2> /dev/null || true)
    tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . |
        "$DOCKER" import --change "LABEL $HASH_LABEL=$hash" \
            --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["sh"]' \
            - "$IMAGE" > /dev/null
    if [ -n "$previous" ] && [ "$previous" != "$("$DOCKER" image inspect --format '{{ .Id }}' "$IMAGE")" ]; then
        # Fails harmlessly while a container still uses the old image.
        "$DOCKER" image rm "$previous" > /dev/null 2>&1 || true
    fi
    log "built $IMAGE ($hash, $((SECONDS - started)) s)"
}

main "$@"
