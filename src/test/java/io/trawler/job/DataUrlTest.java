package io.trawler.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataUrlTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 100, 4097})
    void computesTheDecodedSizeOfBase64WithAndWithoutPadding(int size) {
        byte[] content = new byte[size];
        String padded = Base64.getEncoder().encodeToString(content);
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(content);

        assertThat(DataUrl.parse("data:;base64," + padded).decodedSize()).isEqualTo(size);
        assertThat(DataUrl.parse("data:;base64," + unpadded).decodedSize()).isEqualTo(size);
        assertThat(DataUrl.parse("data:;base64," + unpadded).decode()).hasSize(size);
    }

    @Test
    void decodesPercentEncodedContentAndCountsItsSizeFirst() {
        DataUrl url = DataUrl.parse("data:text/plain;charset=utf-8,hello%20w%C3%B6rld");

        assertThat(url.encoding()).isEqualTo(DataUrl.Encoding.PERCENT);
        assertThat(url.mediaType()).isEqualTo("text/plain;charset=utf-8");
        assertThat(url.decodedSize()).isEqualTo(12);
        assertThat(new String(url.decode(), StandardCharsets.UTF_8)).isEqualTo("hello wörld");
    }

    @Test
    void readsTheSchemeAndTheBase64MarkerInAnyCase() {
        DataUrl url = DataUrl.parse("DATA:application/wasm;BASE64,AGFzbQ==");

        assertThat(url.encoding()).isEqualTo(DataUrl.Encoding.BASE64);
        assertThat(url.decode()).containsExactly(0, 'a', 's', 'm');
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.com/",
                "data:no-comma",
                "data:;base64,A",
                "data:;base64,AAA==",
                "data:;base64,AA=A",
                "data:;base64,AA AA",
                "data:;base64,AA-_",
                "data:,100%",
                "data:,%4",
                "data:,%GG",
                "data:,new\nline",
                "data:text/ plain,x"
            })
    void refusesDataUrlsThatAreNotWellFormed(String text) {
        assertThatThrownBy(() -> DataUrl.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
