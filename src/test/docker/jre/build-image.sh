#!/usr/bin/env bash
# Builds trawler/jre:17, a Java 17 runtime image made FROM scratch out of this machine alone:
# a jlink runtime of the host JDK, the shared libraries it links against, busybox as the shell
# and a non-root user (uid 185, as in the UBI OpenJDK images). The Kafka test image builds on it,
# and so can the application image (src/main/docker takes the base image as a build argument).
#
# Usage: build-image.sh [--force]
# Skips the build when the image exists and its input hash label matches. JDK_HOME selects the
# JDK to link from; by default the first JDK 17 under /usr/lib/jvm with jmods is used.
set -euo pipefail

readonly IMAGE=trawler/jre:17
readonly HASH_LABEL=io.trawler.build.inputs
readonly DOCKER=/usr/bin/docker
readonly APP_UID=185
readonly SCRIPT="${BASH_SOURCE[0]}"
readonly JAVA_TRUST_STORE=/etc/ssl/certs/java/cacerts

# Enough for Kafka and for a Quarkus application in JVM mode, plus the JMX, JFR and jcmd tools
# that help diagnose either. java.desktop is only there for java.beans; its GUI natives are dropped.
readonly MODULES=(
    java.base java.compiler java.desktop java.instrument java.logging java.management
    java.management.rmi java.naming java.net.http java.prefs java.rmi java.scripting
    java.security.jgss java.security.sasl java.sql java.transaction.xa java.xml java.xml.crypto
    jdk.charsets jdk.crypto.cryptoki jdk.crypto.ec jdk.httpserver jdk.jcmd jdk.jfr jdk.localedata
    jdk.management jdk.management.agent jdk.management.jfr jdk.naming.dns jdk.net
    jdk.nio.mapmode jdk.security.auth jdk.security.jgss jdk.unsupported jdk.zipfs
)

# Natives of java.desktop that need X11, ALSA or the font stack, none of which a server uses.
readonly DROPPED_NATIVES=(libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so)

log() { printf '[jre] %s\n' "$*"; }
die() { printf '[jre] error: %s\n' "$*" >&2; exit 1; }

find_jdk() {
    local candidate
    for candidate in ${JDK_HOME:-} /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
        if [ -x "$candidate/bin/jlink" ] && [ -f "$candidate/jmods/java.base.jmod" ] &&
            grep -q '^JAVA_VERSION="17' "$candidate/release" 2> /dev/null; then
            printf '%s\n' "$candidate"
            return
        fi
    done
    die "no JDK 17 with jmods under /usr/lib/jvm (Debian: apt-get install openjdk-17-jdk-headless)"
}

require_host_files() {
    [ -x /bin/busybox ] || die "/bin/busybox is missing (apt-get install busybox-static)"
    # A dynamically linked busybox (package busybox) would not run in the image.
    ! ldd /bin/busybox > /dev/null 2>&1 || die "/bin/busybox is not static (apt-get install busybox-static)"
    [ -f /usr/share/zoneinfo/Etc/UTC ] || die "no time zone data (apt-get install tzdata)"
    [ -f /etc/ssl/certs/ca-certificates.crt ] ||
        die "no CA bundle (apt-get install ca-certificates)"
    # Debian's jlink strips the natives' debug symbols with objcopy.
    command -v objcopy > /dev/null || die "objcopy is missing (apt-get install binutils)"
}

input_hash() {
    local jdk=$1
    {
        sha256sum "$SCRIPT" "$jdk/release" "$jdk/jmods/java.base.jmod" /bin/busybox \
            /etc/ssl/certs/ca-certificates.crt
        [ ! -f "$JAVA_TRUST_STORE" ] || sha256sum "$JAVA_TRUST_STORE"
        sha256sum "$(readlink -f "$(/sbin/ldconfig -p | awk '$1 == "libc.so.6" { print $NF; exit }')")"
    } | awk '{ print $1 }' | sha256sum | cut -c1-16
}

current_hash() {
    "$DOCKER" image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$IMAGE" \
        2> /dev/null || true
}

link_runtime() {
    local jdk=$1 rootfs=$2
    local modules
    modules=$(IFS=,; printf '%s' "${MODULES[*]}")

    local output
    if ! output=$("$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
        --strip-debug --no-header-files --no-man-pages --include-locales=en \
        --generate-cds-archive --output "$rootfs/opt/java" 2>&1); then
        printf '%s\n' "$output" >&2
        die "jlink failed"
    fi

    local native
    for native in "${DROPPED_NATIVES[@]}"; do
        rm -f "$rootfs/opt/java/lib/$native"
    done
    # Only used with heaps over 32 GiB, where compressed oops are off.
    rm -f "$rootfs/opt/java/lib/server/classes_nocoops.jsa"
}

# Copies every shared library that the runtime's executables and natives load, at the path the
# dynamic loader resolved it to, so the image needs no loader cache.
copy_shared_libraries() {
    local rootfs=$1
    local library
    find "$rootfs/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
        { xargs -0 ldd 2> /dev/null || true; } |
        awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
        grep -v "^$rootfs" | sort -u |
        while read -r library; do
            mkdir -p "$rootfs$(dirname "$library")"
            cp -L "$library" "$rootfs$library"
        done
}

install_busybox() {
    local rootfs=$1
    local applet
    mkdir -p "$rootfs/bin" "$rootfs/sbin" "$rootfs/usr/bin" "$rootfs/usr/sbin"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $(/bin/busybox --list-full); do
        case "$applet" in
            linuxrc | bin/busybox) ;;
            *) [ -e "$rootfs/$applet" ] || ln -s /bin/busybox "$rootfs/$applet" ;;
        esac
    done
}

write_system_files() {
    local rootfs=$1
    mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/tmp" "$rootfs/home/java" "$rootfs/deployments" \
        "$rootfs/opt/jboss/container/java/run"
    chmod 1777 "$rootfs/tmp"
    chown "$APP_UID:0" "$rootfs/home/java" "$rootfs/deployments"
    chmod 775 "$rootfs/home/java" "$rootfs/deployments"

    cat > "$rootfs/etc/passwd" << EOF
root:x:0:0:root:/root:/bin/sh
java:x:$APP_UID:0:Java runtime user:/home/java:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
    cat > "$rootfs/etc/group" << 'EOF'
root:x:0:
nogroup:x:65534:
EOF
    printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
    printf 'Etc/UTC\n' > "$rootfs/etc/timezone"
    cp /usr/share/zoneinfo/Etc/UTC "$rootfs/etc/localtime"
    # The host's trust stores, local additions included, so TLS works as it does on the host;
    # Debian's JDK keeps its Java trust store there too (package ca-certificates-java).
    cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    if [ -f "$JAVA_TRUST_STORE" ]; then
        cp -L "$JAVA_TRUST_STORE" "$rootfs/opt/java/lib/security/cacerts"
    fi
    # Without locale data LANG=C.UTF-8 falls back to ASCII, and so does Java 17's file.encoding.
    mkdir -p "$rootfs/usr/lib/locale"
    cp -R /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"
    write_run_java "$rootfs/opt/jboss/container/java/run/run-java.sh"
}

# The launcher that Quarkus-generated Dockerfiles name as their entry point in UBI images. This
# one covers the variables those Dockerfiles set; it does not size the heap (the JVM's own
# container support does) and has none of the UBI script's other options.
write_run_java() {
    local target=$1
    cat > "$target" << 'EOF'
#!/bin/sh
# Starts $JAVA_APP_JAR, or $JAVA_MAIN_CLASS on $JAVA_CLASSPATH, with $JAVA_OPTS and
# $JAVA_OPTS_APPEND as JVM options and $JAVA_ARGS followed by this script's arguments.
set -eu
if [ -n "${JAVA_APP_JAR:-}" ]; then
    set -- -jar "$JAVA_APP_JAR" ${JAVA_ARGS:-} "$@"
elif [ -n "${JAVA_MAIN_CLASS:-}" ]; then
    set -- -cp "${JAVA_CLASSPATH:-.}" "$JAVA_MAIN_CLASS" ${JAVA_ARGS:-} "$@"
else
    echo "run-java.sh: set JAVA_APP_JAR or JAVA_MAIN_CLASS" >&2
    exit 1
fi
exec java ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} "$@"
EOF
    chmod 755 "$target"
}

write_dockerfile() {
    local context=$1
    cat > "$context/Dockerfile" << EOF
FROM scratch
ADD rootfs.tar /
ENV JAVA_HOME=/opt/java \\
    PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    LANG=C.UTF-8 \\
    HOME=/home/java
WORKDIR /deployments
USER $APP_UID
CMD ["java", "-version"]
EOF
}

main() {
    local jdk hash
    require_host_files
    jdk=$(find_jdk)
    hash=$(input_hash "$jdk")
    if [ "${1:-}" != --force ] && [ "$(current_hash)" = "$hash" ]; then
        log "$IMAGE is up to date ($hash)"
        return
    fi

    log "building $IMAGE from $jdk"
    local started=$SECONDS context
    context=$(mktemp -d)
    CONTEXT_DIR=$context
    trap 'rm -rf "$CONTEXT_DIR"' EXIT
    mkdir "$context/rootfs"

    link_runtime "$jdk" "$context/rootfs"
    copy_shared_libraries "$context/rootfs"
    install_busybox "$context/rootfs"
    write_system_files "$context/rootfs"
    tar -C "$context/rootfs" --numeric-owner -cf "$context/rootfs.tar" .
    rm -rf "$context/rootfs"
    write_dockerfile "$context"

    local previous
    previous=$("$DOCKER" image inspect --format '{{ .Id }}' "$IMAGE" 2> /dev/null || true)
    DOCKER_BUILDKIT=0 "$DOCKER" build --quiet --label "$HASH_LABEL=$hash" -t "$IMAGE" \
        "$context" > /dev/null
    if [ -n "$previous" ] && [ "$previous" != "$("$DOCKER" image inspect --format '{{ .Id }}' "$IMAGE")" ]; then
        # Fails harmlessly while another image or a container still uses the old one.
        "$DOCKER" image rm "$previous" > /dev/null 2>&1 || true
    fi
    log "built $IMAGE ($hash, $("$DOCKER" image inspect --format '{{ .Size }}' "$IMAGE" |
        awk '{ printf "%d MB", $1 / 1000000 }'), $((SECONDS - started)) s)"
}

main "$@"
