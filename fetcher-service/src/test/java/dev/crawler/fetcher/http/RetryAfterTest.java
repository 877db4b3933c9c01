package dev.crawler.fetcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration CAP = Duration.ofHours(1);

  @Test
  void readsDelaySecondsAndHttpDates() {
    assertThat(RetryAfter.parse("120", NOW, CAP)).hasValue(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Wed, 01 Jan 2025 00:05:00 GMT", NOW, CAP))
        .hasValue(Duration.ofMinutes(5));
    assertThat(RetryAfter.parse("Tue, 31 Dec 2024 23:00:00 GMT", NOW, CAP)).hasValue(Duration.ZERO);
  }

  @Test
  void capsLongDelaysAndIgnoresGarbage() {
    assertThat(RetryAfter.parse("999999", NOW, CAP)).hasValue(CAP);
    assertThat(RetryAfter.parse("99999999999999999999", NOW, CAP)).hasValue(CAP);
    assertThat(RetryAfter.parse("soon", NOW, CAP)).isEmpty();
    assertThat(RetryAfter.parse(null, NOW, CAP)).isEmpty();
  }

  @Test
  void mediaTypeSplitsTypeAndCharset() {
    assertThat(MediaType.parse("Text/HTML; Charset=\"ISO-8859-1\""))
        .isEqualTo(new MediaType("text/html", "ISO-8859-1"));
    assertThat(MediaType.parse(null)).isEqualTo(new MediaType(null, null));
  }
}
