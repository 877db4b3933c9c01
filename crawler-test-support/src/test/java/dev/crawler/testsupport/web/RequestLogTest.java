package dev.crawler.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  private static final long MS = 1_000_000;

  private final RequestLog log = new RequestLog();

  @Test
  void requestsThatOverlapCountAsServedAtOnce() {
    LoggedRequest first = arrive("alpha.test", "/a", 0);
    LoggedRequest second = arrive("alpha.test", "/b", 10 * MS);
    log.completed(first, 100 * MS);
    log.completed(second, 120 * MS);

    assertThat(log.maxConcurrentPerHost()).containsEntry("alpha.test", 2);
  }

  @Test
  void backToBackRequestsAndOtherHostsDoNotOverlap() {
    LoggedRequest first = arrive("alpha.test", "/a", 0);
    log.completed(first, 10 * MS);
    LoggedRequest second = arrive("alpha.test", "/b", 10 * MS);
    LoggedRequest other = arrive("beta.test", "/a", 5 * MS);
    log.completed(second, 20 * MS);
    log.completed(other, 20 * MS);

    assertThat(log.maxConcurrentPerHost())
        .containsEntry("alpha.test", 1)
        .containsEntry("beta.test", 1);
  }

  @Test
  void anEndNotedWithinTheToleranceAfterTheNextArrivalIsNotAnOverlap() {
    LoggedRequest first = arrive("alpha.test", "/a", 0);
    LoggedRequest second = arrive("alpha.test", "/b", 100 * MS);
    log.completed(first, 115 * MS);
    log.completed(second, 200 * MS);

    assertThat(log.maxConcurrentPerHost()).containsEntry("alpha.test", 2);
    assertThat(log.maxConcurrentPerHost(Duration.ofMillis(20))).containsEntry("alpha.test", 1);
    assertThat(log.maxConcurrentPerHost(Duration.ofMillis(10))).containsEntry("alpha.test", 2);
  }

  @Test
  void aRequestNotFinishedYetCountsUntilTheEnd() {
    arrive("alpha.test", "/stalled", 0);
    LoggedRequest later = arrive("alpha.test", "/b", 60_000 * MS);
    log.completed(later, 60_010 * MS);

    assertThat(log.maxConcurrentPerHost(Duration.ofMillis(20))).containsEntry("alpha.test", 2);
  }

  private LoggedRequest arrive(String host, String path, long nanos) {
    LoggedRequest request =
        new LoggedRequest(host, path, "GET", "test", Instant.EPOCH.plusNanos(nanos), nanos);
    log.arrived(request);
    return request;
  }
}
