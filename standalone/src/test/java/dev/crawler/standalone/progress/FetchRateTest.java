package dev.crawler.standalone.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FetchRateTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void theRateSpansTheWindowSoFetchesSpacedByAHostDelayDoNotFlickerToZero() {
    FetchRate rate = new FetchRate(Duration.ofSeconds(10));

    rate.update(0, 0);
    rate.update(SECOND, 1);
    double betweenFetches = rate.update(2 * SECOND, 1);

    assertThat(betweenFetches).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void samplesOlderThanTheWindowNoLongerCount() {
    FetchRate rate = new FetchRate(Duration.ofSeconds(10));
    rate.update(0, 0);
    rate.update(5 * SECOND, 100);

    double later = rate.update(16 * SECOND, 122);

    assertThat(later).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void aFirstSampleHasNoRate() {
    assertThat(new FetchRate(Duration.ofSeconds(10)).update(7 * SECOND, 40)).isZero();
  }
}
