package io.trawler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io, library/busybox",
        "busybox:1.35, docker.io, library/busybox",
        "trawler-test/busybox:1.35, docker.io, trawler-test/busybox",
        "index.docker.io/ubuntu, docker.io, library/ubuntu",
        "docker.io/ubuntu, docker.io, library/ubuntu",
        "ghcr.io/acme/tools/lint:v1, ghcr.io, acme/tools/lint",
        "localhost/app, localhost, app",
        "localhost:5000/app, localhost:5000, app",
        "Registry.Example.com/team/app, Registry.Example.com, team/app",
        "[2001:db8::1]:5000/app, [2001:db8::1]:5000, app",
        "a.b-c/d-e--f/g__h.i, a.b-c, d-e--f/g__h.i"
    })
    void splitsRegistryAndPathAsDockerNormalizesThem(String text, String registry, String path) {
        ImageReference reference = ImageReference.parse(text);

        assertThat(reference.registry()).isEqualTo(registry);
        assertThat(reference.path()).isEqualTo(path);
    }

    @Test
    void readsTagAndDigestTogether() {
        ImageReference reference = ImageReference.parse("ghcr.io/acme/app:2.0@sha256:" + HEX);

        assertThat(reference.tag()).hasValue("2.0");
        assertThat(reference.digest()).hasValue("sha256:" + HEX);
        assertThat(reference.isPinned()).isTrue();
        assertThat(reference).hasToString("ghcr.io/acme/app:2.0@sha256:" + HEX);
    }

    @Test
    void readsAColonInTheRegistryAsAPortNotATag() {
        ImageReference reference = ImageReference.parse("registry.local:5000/app");

        assertThat(reference.registry()).isEqualTo("registry.local:5000");
        assertThat(reference.tag()).isEmpty();
    }

    @Test
    void writesTheNormalizedFormWithoutInventingATag() {
        assertThat(ImageReference.parse("busybox")).hasToString("docker.io/library/busybox");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|empty",
                "Busybox|lower case",
                "team/App|lower case",
                "app:|tag",
                "app:.hidden|tag",
                "app@sha256:abc|digest must be",
                "app@sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789|lower-case",
                "app@sha1:0123456789abcdef0123456789abcdef01234567|sha256, sha384 or sha512",
                "app@|digest must be",
                "-app|component",
                "app-|component",
                "app..x|component",
                "app___x|component",
                "reg.io:port/app|port",
                "[::1/app|IPv6",
                "re_g.io/app|host name",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|image ID"
            })
    void refusesTextThatIsNotAReferenceAndSaysWhy(String text, String reason) {
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void refusesARepositoryNameLongerThan255Characters() {
        assertThat(ImageReference.tryParse("ghcr.io/" + "a".repeat(250))).isEmpty();
        assertThat(ImageReference.tryParse("ghcr.io/" + "a".repeat(200))).isPresent();
    }

    @Test
    void refusesAPathComponentWithATagSeparatorInside() {
        assertThat(ImageReference.tryParse("app:1:2")).isEmpty();
    }

    @Test
    void readsTheLongestTagButNoLonger() {
        assertThat(ImageReference.tryParse("app:" + "t".repeat(128))).isPresent();
        assertThat(ImageReference.tryParse("app:" + "t".repeat(129))).isEmpty();
    }
}
