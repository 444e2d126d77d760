package io.trawler.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * The corpus of hostile and malformed job documents under {@code src/test/resources/hostile/}: one
 * file each, and in {@code expected.properties} the violation code each must get.
 */
public final class HostileCorpus {

    private static final String DIRECTORY = "/hostile/";

    /** One document of the corpus. */
    public record Entry(String fileName, ViolationCode expected) {

        /** The document's bytes, exactly as they are in the file. */
        public byte[] bytes() {
            try (InputStream in = HostileCorpus.class.getResourceAsStream(DIRECTORY + fileName)) {
                if (in == null) {
                    throw new IllegalStateException("the corpus has no file " + fileName);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return fileName + " -> " + expected;
        }
    }

    private HostileCorpus() {}

    /** Every entry of the index, in file name order. */
    public static List<Entry> entries() {
        Properties index = new Properties();
        try (InputStream in =
                HostileCorpus.class.getResourceAsStream(DIRECTORY + "expected.properties")) {
            index.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index.stringPropertyNames().stream()
                .map(name -> new Entry(name, ViolationCode.valueOf(index.getProperty(name).trim())))
                .sorted(Comparator.comparing(Entry::fileName))
                .toList();
    }
}
