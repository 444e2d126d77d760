package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HostileCorpusTest {

    private final Pipeline pipeline = Pipeline.standard();

    static List<HostileCorpus.Entry> corpus() {
        return HostileCorpus.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusesEachHostileDocumentWithItsExpectedCode(HostileCorpus.Entry entry) {
        Pipeline.Outcome outcome = pipeline.run(entry.bytes());

        assertThat(outcome.job()).isEmpty();
        assertThat(outcome.tombstone()).isFalse();
        assertThat(outcome.codes()).contains(entry.expected());
    }

    @Test
    void indexesEveryFileOfTheCorpusAndAtLeast45() throws IOException, URISyntaxException {
        Path directory = Path.of(HostileCorpusTest.class.getResource("/hostile/").toURI());
        List<String> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files =
                    listing.map(path -> path.getFileName().toString())
                            .filter(name -> !name.equals("expected.properties"))
                            .sorted()
                            .toList();
        }

        assertThat(corpus())
                .extracting(HostileCorpus.Entry::fileName)
                .containsExactlyElementsOf(files);
        assertThat(files)
                .hasSizeGreaterThanOrEqualTo(45)
                .allMatch(name -> name.matches("\\d{2}-[a-z0-9-]+\\.(json|bin)"));
    }
}
