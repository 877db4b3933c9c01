package dev.crawler.frontier.scheduling;

import static dev.crawler.frontier.scheduling.FrontierHarness.crawl;
import static dev.crawler.frontier.scheduling.FrontierHarness.withDelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.frontier.scheduling.FrontierHarness.Released;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A healthy host's leases go out ahead of their starts, as far as its host window reaches. */
class HostWindowTest {

  private static final Map<String, Object> SETTINGS =
      Map.of(
          "crawler.frontier.release-interval", "10ms",
          "crawler.frontier.lease-duration", "10s",
          "crawler.frontier.host-window.lookahead", "500ms",
          "crawler.frontier.host-window.max-leases", "20",
          "crawler.frontier.host-window.initial-fetch-time", "100ms",
          "crawler.frontier.backoff.initial", "2s",
          "crawler.frontier.backoff.jitter", "0",
          "crawler.frontier.progress-interval", "100ms");

  @TempDir Path stateDir;
  private FrontierHarness frontier;

  @AfterEach
  void close() {
    if (frontier != null) {
      frontier.close();
    }
  }

  private FrontierHarness frontierWithLinks(long delayMs, int links) {
    frontier = new FrontierHarness(stateDir, SETTINGS);
    frontier.start(withDelay(crawl("c1", "http://alpha.test/"), delayMs));
    for (int i = 1; i <= links; i++) {
      frontier.link("c1", "http://alpha.test/" + i, 1);
    }
    return frontier;
  }

  @Test
  void releasesLeasesWhosePlannedStartsAreWithinTheLookaheadEachADelayLater() {
    FrontierHarness f = frontierWithLinks(200, 10);

    f.advance(Duration.ofMillis(10));
    List<Released> first = f.released();

    assertThat(first).hasSize(3); // planned at 0, 200 and 400 ms; the next at 600 is too far
    assertThat(first)
        .extracting(r -> r.task().leaseDeadline())
        .containsExactly(
            f.now().plusSeconds(10),
            f.now().plusSeconds(10).plusMillis(200),
            f.now().plusSeconds(10).plusMillis(400));
    assertThat(first)
        .allSatisfy(r -> {
          assertThat(r.task().minDelayMs()).isEqualTo(200);
          assertThat(r.task().concurrency()).isEqualTo(1);
        });

    f.advance(Duration.ofMillis(100));
    assertThat(f.released()).as("600 ms is within reach at 100 ms").hasSize(1);
    assertThat(f.counters("c1").inFlight()).isEqualTo(4);
  }

  @Test
  void sizesTheWindowByTheHostsMeasuredFetchTimeUpToTheMostLeases() {
    FrontierHarness f = frontierWithLinks(0, 60);

    f.advance(Duration.ofMillis(10));
    List<Released> first = f.released();
    assertThat(first).as("100 ms per fetch assumed: starts planned at 0..500 ms").hasSize(6);

    first.forEach(r -> f.report(r.task(), OutcomeKind.FETCHED, 200, 2));
    f.advance(Duration.ofMillis(600));

    assertThat(f.released()).as("2 ms per fetch: the window is full at 20 leases").hasSize(20);
    assertThat(f.counters("c1").inFlight()).isEqualTo(20);
    assertThat(f.counters("c1").fetched()).isEqualTo(6);
  }

  @Test
  void aSlowHostGetsOnlyTheLeasesItsFetchTimeFillsTheLookaheadWith() {
    FrontierHarness f = frontierWithLinks(0, 20);
    f.advance(Duration.ofMillis(10));
    List<Released> first = f.released();

    first.forEach(r -> f.report(r.task(), OutcomeKind.FETCHED, 200, 1_000));
    f.advance(Duration.ofMillis(400));

    assertThat(f.released()).as("the next start is planned a second after the last").isEmpty();
    f.advance(Duration.ofMillis(700));
    assertThat(f.released()).hasSize(1);
  }

  @Test
  void pausingStopsTheWindowAtWhatWasAlreadyReleased() {
    FrontierHarness f = frontierWithLinks(200, 10);
    f.advance(Duration.ofMillis(10));
    List<Released> window = f.released();
    assertThat(window).hasSize(3);

    CrawlJob job = withDelay(crawl("c1", "http://alpha.test/"), 200);
    f.publish(job.withState(CrawlState.PAUSED, f.now()));
    window.forEach(r -> f.report(r.task(), OutcomeKind.FETCHED, 200, 2));
    f.advance(Duration.ofSeconds(2));

    assertThat(f.released()).isEmpty();
    assertThat(f.counters("c1").inFlight()).isZero();
    assertThat(f.counters("c1").fetched()).isEqualTo(3);
    assertThat(f.counters("c1").queued()).isEqualTo(8);

    f.publish(job.withState(CrawlState.RUNNING, f.now()));
    f.advance(Duration.ofMillis(1_100));
    assertThat(f.released()).as("released ahead again after the resume").hasSizeGreaterThan(1);
  }

  @Test
  void aHostInTroubleBacksOffAndTheLeasesHandedBackAreQueuedAgainAsTheyWere() {
    FrontierHarness f = frontierWithLinks(0, 5);
    f.advance(Duration.ofMillis(10));
    List<Released> window = f.released();
    assertThat(window).hasSize(6).allSatisfy(r -> assertThat(r.task().hostEpoch()).isZero());
    FetchTask seed = window.getFirst().task();
    assertThat(seed.url()).isEqualTo("http://alpha.test/");

    f.report(seed, OutcomeKind.HTTP_ERROR, 503);
    window.subList(1, 6).forEach(r -> f.report(r.task(), OutcomeKind.RETURNED, 0));

    assertThat(f.counters("c1").inFlight()).isZero();
    assertThat(f.counters("c1").queued()).isEqualTo(6);
    assertThat(f.counters("c1").failed()).isZero();
    // Backed off for 2 s, then spaced by that back-off from the last planned start (500 ms), as
    // the frontier cannot know which of the leases handed back had started.
    f.advance(Duration.ofMillis(2_400));
    assertThat(f.released()).isEmpty();

    f.advance(Duration.ofMillis(200));
    List<Released> after = f.released();
    assertThat(after).as("a recovering host gets one lease at a time").hasSize(1);
    assertThat(after.getFirst().task().url()).isEqualTo(seed.url());
    assertThat(after.getFirst().task().attempt()).isEqualTo(2);
    assertThat(after.getFirst().task().hostEpoch()).isEqualTo(1);

    f.report(after.getFirst().task(), OutcomeKind.FETCHED, 200, 2);
    f.advance(Duration.ofMillis(50));
    List<Released> next = f.released();
    assertThat(next).extracting(r -> r.task().attempt()).containsOnly(1);
    assertThat(next).as("healthy again: leases released ahead").hasSize(5);
  }
}
