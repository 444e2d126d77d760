#!/usr/bin/env bash
# Builds trawler-test/kafka:4.1.2, a stand-in for the apache/kafka image that tests can use with
# Testcontainers' KafkaContainer (declared asCompatibleSubstituteFor("apache/kafka")). The broker
# jars come from Maven Central through pom.xml; the Java runtime is trawler/jre:17, which is built
# first when missing or out of date.
#
# Usage: build-image.sh [--force]
# Skips the build when the image exists and its input hash label matches.
set -euo pipefail

readonly IMAGE=trawler-test/kafka:4.1.2
readonly BASE_IMAGE=trawler/jre:17
readonly HASH_LABEL=io.trawler.build.inputs
readonly DOCKER=/usr/bin/docker
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)
readonly HERE REPO

log() { printf '[kafka] %s\n' "$*"; }

# The base image's ID is an input, so a rebuilt runtime rebuilds this image too.
input_hash() {
    local base_id=$1
    {
        printf '%s\n' "$base_id"
        (cd "$HERE" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    } | sha256sum | cut -c1-16
}

current_hash() {
    "$DOCKER" image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$IMAGE" \
        2> /dev/null || true
}

collect_jars() {
    local target=$1
    "$REPO/mvnw" -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$target"
}

main() {
    "$HERE/../jre/build-image.sh"

    local base_id hash
    base_id=$("$DOCKER" image inspect --format '{{ .Id }}' "$BASE_IMAGE")
    hash=$(input_hash "$base_id")
    if [ "${1:-}" != --force ] && [ "$(current_hash)" = "$hash" ]; then
        log "$IMAGE is up to date ($hash)"
        return
    fi

    log "building $IMAGE"
    local started=$SECONDS context
    context=$(mktemp -d)
    CONTEXT_DIR=$context
    trap 'rm -rf "$CONTEXT_DIR"' EXIT

    collect_jars "$context/libs"
    log "collected $(find "$context/libs" -name '*.jar' | wc -l) broker jars"
    cp -R "$HERE/Dockerfile" "$HERE/rootfs" "$context/"
    mkdir -p "$context/writable/opt/kafka/config" "$context/writable/mnt/shared/config" \
        "$context/writable/var/lib/kafka/data"

    local previous
    previous=$("$DOCKER" image inspect --format '{{ .Id }}' "$IMAGE" 2> /dev/null || true)
    DOCKER_BUILDKIT=0 "$DOCKER" build --quiet --build-arg BASE_IMAGE="$BASE_IMAGE" \
        --label "$HASH_LABEL=$hash" -t "$IMAGE" "$context" > /dev/null
    if [ -n "$previous" ] && [ "$previous" != "$("$DOCKER" image inspect --format '{{ .Id }}' "$IMAGE")" ]; then
        # Fails harmlessly while a container still uses the old image.
        "$DOCKER" image rm "$previous" > /dev/null 2>&1 || true
    fi
    log "built $IMAGE ($hash, $((SECONDS - started)) s)"
}

main "$@"
