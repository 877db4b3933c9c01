package dev.crawler.common.url;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlNormalizerTest {

  private final UrlNormalizer normalizer = UrlNormalizer.standard();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "HTTP://Example.COM/a, http://example.com/a",
    "http://example.com:80/a, http://example.com/a",
    "https://example.com:443/a, https://example.com/a",
    "https://example.com:8443/a, https://example.com:8443/a",
    "http://example.com, http://example.com/",
    "http://example.com/a/./b/../c, http://example.com/a/c",
    "http://example.com/a#section, http://example.com/a",
    "http://example.com/a?b=2&a=1, http://example.com/a?a=1&b=2",
    "http://example.com/a?utm_source=x&id=7, http://example.com/a?id=7",
    "http://example.com/a?JSESSIONID=abc&id=7, http://example.com/a?id=7",
    "http://example.com/%7Euser/, http://example.com/~user/",
    "'  http://example.com/a  ', http://example.com/a",
  })
  void normalisesToOneForm(String input, String expected) {
    assertThat(normalizer.normalize(input)).contains(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://example.com/cart;jsessionid=0A1B2C, http://example.com/cart",
    "http://example.com/cart;JSESSIONID=0A1B2C?id=7, http://example.com/cart?id=7",
    "http://example.com/a;jsessionid=1/b;phpsessid=2, http://example.com/a/b",
    "http://example.com/item;color=red;jsessionid=9, http://example.com/item;color=red",
    "http://example.com/page?q=a;jsessionid=9, http://example.com/page?q=a;jsessionid=9",
  })
  void dropsSessionIdsCarriedAsPathParametersAndKeepsOtherPathParameters(
      String input, String expected) {
    assertThat(normalizer.normalize(input)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "javascript:alert(1)",
        "/relative/path",
        "http://",
        "",
        "   ",
        "data:text/html,hi"
      })
  void refusesWhatIsNotAnAbsoluteHttpUrl(String input) {
    assertThat(normalizer.normalize(input)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://ok.test:99999/", "http://ok.test:65536/", "https://ok.test:0/"})
  void refusesPortsNoConnectionCanUse(String input) {
    assertThat(normalizer.normalize(input)).isEmpty();
    assertThat(normalizer.normalize("http://ok.test:65535/")).contains("http://ok.test:65535/");
  }

  @Test
  void refusesNull() {
    assertThat(normalizer.normalize(null)).isEmpty();
  }

  @Test
  void refusesUrlsLongerThanTheCap() {
    UrlNormalizer strict = new UrlNormalizer(List.of(), 64);

    assertThat(strict.normalize("http://example.com/" + "a".repeat(30))).isPresent();
    assertThat(strict.normalize("http://example.com/" + "a".repeat(60))).isEmpty();
  }

  @ParameterizedTest(name = "{1} against {0} -> {2}")
  @CsvSource({
    "http://example.com/a/b, c, http://example.com/a/c",
    "http://example.com/a/b, ../c, http://example.com/c",
    "http://example.com/a/b, /x?y=1#frag, http://example.com/x?y=1",
    "http://example.com/a/b, //other.org/p, http://other.org/p",
    "https://example.com/a/, HTTPS://EXAMPLE.com/Z, https://example.com/Z",
  })
  void resolvesReferencesAgainstABase(String base, String reference, String expected) {
    assertThat(normalizer.resolve(base, reference)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mailto:x@y.z", "javascript:void(0)", "http://exa mple.com/", " "})
  void resolvingSkipsWhatABrowserWouldNotFollow(String reference) {
    assertThat(normalizer.resolve("http://example.com/", reference)).isEmpty();
  }

  @Test
  void hostIsLowerCasedAndUnbracketed() {
    assertThat(UrlNormalizer.hostOf("http://WWW.Example.com:8080/x")).contains("www.example.com");
    assertThat(UrlNormalizer.hostOf("http://[::1]:8080/x")).contains("::1");
    assertThat(UrlNormalizer.hostOf("not a url")).isEmpty();
  }
}
