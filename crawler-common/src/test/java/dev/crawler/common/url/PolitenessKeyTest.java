package dev.crawler.common.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolitenessKeyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://WWW.Example.com/a, www.example.com",
    "http://a.example.com:8080/, a.example.com",
    "http://127.0.0.1:8080/, 127.0.0.1",
  })
  void hostModeKeysByTheLowerCasedHost(String url, String key) {
    assertThat(PolitenessKey.HOST.of(url)).isEqualTo(key);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://a.example.com/, example.com",
    "http://b.a.example.co.uk/, example.co.uk",
    "http://example.com/, example.com",
    "http://alpha.test/, alpha.test",
    "http://10.1.2.3/, 10.1.2.3",
    "http://[2001:db8::1]/, 2001:db8::1",
  })
  void registeredDomainModeKeysByThePublicSuffixPlusOne(String url, String key) {
    assertThat(PolitenessKey.REGISTERED_DOMAIN.of(url)).isEqualTo(key);
  }

  @Test
  void aUrlWithoutAHostHasNoKey() {
    assertThatThrownBy(() -> PolitenessKey.HOST.of("mailto:x@y.z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no host");
  }

  @Test
  void documentIdsAreStablePerUrlAndDistinctAcrossUrls() {
    assertThat(DocumentId.of("https://e.com/a")).isEqualTo(DocumentId.of("https://e.com/a"));
    assertThat(DocumentId.of("https://e.com/a")).isNotEqualTo(DocumentId.of("https://e.com/b"));
    assertThat(DocumentId.of("https://e.com/a")).hasSize(64).matches("[0-9a-f]+");
  }
}
