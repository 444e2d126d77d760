package io.trawler.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawler.validation.JobDocument;
import io.trawler.validation.Violation;
import io.trawler.validation.ViolationCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordDecoderTest {

    private final RecordDecoder decoder = new RecordDecoder(DecodingLimits.defaults());

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Violation refusal(byte[] value) {
        DecodeResult result = decoder.decode(value);
        assertThat(result).isInstanceOf(DecodeResult.Undecodable.class);
        return ((DecodeResult.Undecodable) result).violation();
    }

    @Test
    void decodesAValidDocument() {
        DecodeResult result = decoder.decode(JobDocument.docker("decoder-valid").bytes());

        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(((DecodeResult.Decoded) result).job().metadata().id())
                .isEqualTo("decoder-valid");
    }

    @Test
    void skipsANullValueAsATombstone() {
        assertThat(decoder.decode(null)).isInstanceOf(DecodeResult.Tombstone.class);
    }

    @Test
    void refusesAZeroByteRecordWithItsOwnReason() {
        Violation violation = refusal(new byte[0]);

        assertThat(violation.code()).isEqualTo(ViolationCode.EMPTY_RECORD);
        assertThat(violation.message()).contains("zero bytes");
    }

    @Test
    void refusesARecordOfWhiteSpaceAsEmpty() {
        assertThat(refusal(utf8(" \n\t ")).code()).isEqualTo(ViolationCode.EMPTY_RECORD);
    }

    @Test
    void refusesARecordOverTheSizeLimitBeforeParsingIt() {
        RecordDecoder small = new RecordDecoder(new DecodingLimits(100, 32, 100, 40, 100));
        byte[] notEvenJson = new byte[101];

        DecodeResult result = small.decode(notEvenJson);

        Violation violation = ((DecodeResult.Undecodable) result).violation();
        assertThat(violation.code()).isEqualTo(ViolationCode.RECORD_TOO_LARGE);
        assertThat(violation.message()).contains("101 bytes").contains("100");
    }

    @Test
    void acceptsARecordOfExactlyTheSizeLimit() {
        byte[] document = JobDocument.noop("decoder-exact").bytes();
        RecordDecoder exact =
                new RecordDecoder(new DecodingLimits(document.length, 32, 1000, 40, 100));

        assertThat(exact.decode(document)).isInstanceOf(DecodeResult.Decoded.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3", "c0af", "eda080", "f5808080", "fe", "ff", "e282", "80"})
    void refusesBytesThatAreNotUtf8(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] value = utf8("{\"APIVersion\": \"V1beta1\", \"x\": \"" + "\"}");
        byte[] withBad = new byte[value.length + bad.length];
        System.arraycopy(value, 0, withBad, 0, value.length - 2);
        System.arraycopy(bad, 0, withBad, value.length - 2, bad.length);
        System.arraycopy(value, value.length - 2, withBad, value.length - 2 + bad.length, 2);

        assertThat(refusal(withBad).code()).isEqualTo(ViolationCode.NOT_UTF8);
    }

    @Test
    void agreesWithTheJdkDecoderOnWhichBytesAreUtf8() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] =
                        (byte)
                                (random.nextBoolean()
                                        ? random.nextInt(0x80, 0x100)
                                        : random.nextInt(0x20, 0x80));
            }
            byte[] value = new byte[bytes.length + 2];
            value[0] = '"';
            System.arraycopy(bytes, 0, value, 1, bytes.length);
            value[value.length - 1] = '"';

            boolean refusedAsNotUtf8 =
                    decoder.decode(value) instanceof DecodeResult.Undecodable undecodable
                            && undecodable.violation().code() == ViolationCode.NOT_UTF8;

            assertThat(refusedAsNotUtf8)
                    .as(HexFormat.of().formatHex(bytes))
                    .isEqualTo(!isUtf8ToTheJdk(value));
        }
    }

    private static boolean isUtf8ToTheJdk(byte[] value) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void refusesUtf16TextWithOrWithoutAByteOrderMark() {
        String json = JobDocument.noop("decoder-utf16").json();

        assertThat(refusal(json.getBytes(StandardCharsets.UTF_16LE)).code())
                .isEqualTo(ViolationCode.NOT_UTF8);
        assertThat(refusal(json.getBytes(StandardCharsets.UTF_16)).code())
                .isEqualTo(ViolationCode.NOT_UTF8);
    }

    @Test
    void acceptsAUtf8ByteOrderMark() {
        byte[] document = JobDocument.noop("decoder-bom").bytes();
        byte[] withBom = new byte[document.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(document, 0, withBom, 3, document.length);

        assertThat(decoder.decode(withBom)).isInstanceOf(DecodeResult.Decoded.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hello",
                "{\"APIVersion\": ",
                "{\"a\": 1} {\"b\": 2}",
                "{\"a\": 1}]",
                "{'a': 1}",
                "{\"a\": NaN}",
                "{\"a\": 01}",
                "{\"a\": 1, }",
                "{/* comment */}",
                "{\"a\": \"raw\ttab\"}",
                "{\"a\": \"\\x41\"}",
                "{\"a\" 1}"
            })
    void refusesTextThatIsNotStrictJson(String text) {
        assertThat(refusal(utf8(text)).code()).isEqualTo(ViolationCode.NOT_JSON);
    }

    @Test
    void refusesARawNulByteInsideTheDocumentAsNotJson() {
        byte[] value = utf8("{\"a\": \"x\"}");
        value[7] = 0;

        assertThat(refusal(value).code()).isEqualTo(ViolationCode.NOT_JSON);
    }

    @Test
    void refusesADuplicateKeyAndSaysWhere() {
        Violation violation =
                refusal(
                        utf8(
                                "{\"Spec\": {\"EngineSpec\": {\"Type\": \"noop\", \"Type\":"
                                        + " \"docker\"}}}"));

        assertThat(violation.code()).isEqualTo(ViolationCode.DUPLICATE_KEY);
        assertThat(violation.path()).isEqualTo("$.Spec.EngineSpec.Type");
    }

    @Test
    void refusesADuplicateKeyAmongManyFieldsOfOneObject() {
        StringBuilder annotations = new StringBuilder("{");
        for (int n = 0; n < 40; n++) {
            annotations.append("\"a").append(n).append("\": \"x\", ");
        }
        annotations.append("\"a7\": \"y\"}");

        Violation violation = refusal(utf8("{\"Spec\": {\"Annotations\": " + annotations + "}}"));

        assertThat(violation.code()).isEqualTo(ViolationCode.DUPLICATE_KEY);
        assertThat(violation.path()).isEqualTo("$.Spec.Annotations.a7");
    }

    @Test
    void refusesNestingOneLevelDeeperThanTheLimitButNotAtTheLimit() {
        RecordDecoder shallow = new RecordDecoder(new DecodingLimits(1 << 20, 5, 1000, 40, 100));

        assertThat(shallow.decode(utf8("{\"a\": [[[[1]]]]}")))
                .isInstanceOf(DecodeResult.Decoded.class);
        Violation violation =
                ((DecodeResult.Undecodable) shallow.decode(utf8("{\"a\": [[[[[1]]]]]}")))
                        .violation();
        assertThat(violation.code()).isEqualTo(ViolationCode.NESTING_TOO_DEEP);
        assertThat(violation.path()).isEqualTo("$.a[0][0][0][0]");
    }

    @Test
    void refusesDeepNestingWithoutExhaustingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(refusal(utf8(deep)).code()).isEqualTo(ViolationCode.NESTING_TOO_DEEP);
    }

    @Test
    void refusesAStringLongerThanTheLimit() {
        RecordDecoder limited = new RecordDecoder(new DecodingLimits(1 << 20, 32, 10, 40, 100));

        Violation violation =
                ((DecodeResult.Undecodable)
                                limited.decode(utf8("{\"a\": \"" + "x".repeat(11) + "\"}")))
                        .violation();

        assertThat(violation.code()).isEqualTo(ViolationCode.VALUE_TOO_LONG);
        assertThat(violation.path()).isEqualTo("$.a");
    }

    @Test
    void refusesAFieldNameLongerThanTheLimit() {
        Violation violation = refusal(utf8("{\"" + "k".repeat(1025) + "\": 1}"));

        assertThat(violation.code()).isEqualTo(ViolationCode.VALUE_TOO_LONG);
        assertThat(violation.path()).startsWith("$['kkkk").endsWith("…']");
    }

    @Test
    void refusesANumberWrittenWithMoreCharactersThanTheLimit() {
        Violation violation = refusal(utf8("{\"Spec\": {\"Timeout\": " + "9".repeat(41) + "}}"));

        assertThat(violation.code()).isEqualTo(ViolationCode.NUMBER_TOO_LONG);
        assertThat(violation.path()).isEqualTo("$.Spec.Timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"a job\"", "42", "null", "true"})
    void refusesJsonThatIsNotAnObject(String text) {
        assertThat(refusal(utf8(text)).code()).isEqualTo(ViolationCode.MALFORMED_DOCUMENT);
    }

    @Test
    void refusesAFieldOfTheWrongTypeWithItsPathAndKeepsTheDocumentId() {
        DecodeResult result =
                decoder.decode(
                        utf8(
                                "{\"Metadata\": {\"ID\": \"decoder-type\"}, \"Spec\": {\"Inputs\":"
                                        + " 5}}"));

        DecodeResult.Undecodable undecodable = (DecodeResult.Undecodable) result;
        assertThat(undecodable.violation().code()).isEqualTo(ViolationCode.MALFORMED_DOCUMENT);
        assertThat(undecodable.violation().path()).isEqualTo("$.Spec.Inputs");
        assertThat(undecodable.documentId()).isEqualTo("decoder-type");
    }

    @Test
    void refusesAnIntegerFieldWithAHugeExponentWithoutExpandingIt() {
        Violation violation =
                refusal(utf8("{\"Spec\": {\"Deal\": {\"Concurrency\": 1e999999999}}}"));

        assertThat(violation.code()).isEqualTo(ViolationCode.MALFORMED_DOCUMENT);
        assertThat(violation.path()).isEqualTo("$.Spec.Deal.Concurrency");
    }

    @Test
    void keepsMessagesFreeOfControlCharacters() {
        Violation violation = refusal(utf8("{\"a\": tru\u0001e}"));

        assertThat(violation.message()).doesNotContainPattern("\\p{Cntrl}");
    }
}
