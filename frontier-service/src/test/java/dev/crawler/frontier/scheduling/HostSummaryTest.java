package dev.crawler.frontier.scheduling;

import static dev.crawler.frontier.scheduling.FrontierHarness.crawl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary of a crawl's hosts each task publishes with its counters: bounded, the busiest hosts
 * first, the troubled ones the bound left out, and those with the most failed URLs, even once they
 * have nothing left.
 */
class HostSummaryTest {

  @TempDir Path stateDir;
  private FrontierHarness frontier;

  private FrontierHarness frontier(int progressHosts) {
    frontier =
        new FrontierHarness(
            stateDir,
            Map.of(
                "crawler.frontier.host-window.lookahead", "0ms",
                "crawler.frontier.release-interval", "100ms",
                "crawler.frontier.backoff.initial", "2s",
                "crawler.frontier.backoff.jitter", "0",
                "crawler.frontier.progress-interval", "500ms",
                "crawler.frontier.progress-hosts", String.valueOf(progressHosts)));
    return frontier;
  }

  @AfterEach
  void close() {
    if (frontier != null) {
      frontier.close();
    }
  }

  @Test
  void publishesOnlyTheHostsWithTheMostQueuedUrlsUpToTheConfiguredNumber() {
    FrontierHarness f = frontier(2);
    f.start(crawl("c1", "http://alpha.test/", "http://beta.test/", "http://gamma.test/"));
    for (int i = 1; i <= 3; i++) {
      f.link("c1", "http://alpha.test/" + i, 1);
    }
    f.link("c1", "http://beta.test/1", 1);
    f.link("c1", "http://beta.test/2", 1);

    f.advance(Duration.ofMillis(600));

    assertThat(f.hosts("c1"))
        .containsExactly(
            new HostLoad("alpha.test", 3, 1, 0, 0), new HostLoad("beta.test", 2, 1, 0, 0));
  }

  @Test
  void aBackedOffHostIsPublishedWithItsErrorLevelEvenWhenOthersHaveMoreQueued() {
    FrontierHarness f = frontier(1);
    f.start(crawl("c1", "http://alpha.test/", "http://beta.test/"));
    f.link("c1", "http://alpha.test/1", 1);
    f.link("c1", "http://alpha.test/2", 1);
    f.advance(Duration.ofMillis(100));
    FetchTask beta = releasedOn(f, "beta.test");

    f.report(beta, OutcomeKind.HTTP_ERROR, 503);
    f.advance(Duration.ofMillis(500));

    List<HostLoad> hosts = f.hosts("c1");
    assertThat(hosts).extracting(HostLoad::host).containsExactly("alpha.test", "beta.test");
    HostLoad backedOff = hosts.get(1);
    assertThat(backedOff.queued()).as("the seed, queued again for its next attempt").isEqualTo(1);
    assertThat(backedOff.errorLevel()).isEqualTo(1);
    assertThat(backedOff.troubled(f.now().toEpochMilli())).isTrue();
    assertThat(backedOff.backoffUntilMs()).isGreaterThan(f.now().toEpochMilli());
  }

  @Test
  void aHostWithNothingLeftOfTheCrawlDropsOutOfTheNextSummary() {
    FrontierHarness f = frontier(10);
    f.start(crawl("c1", "http://alpha.test/", "http://beta.test/"));
    f.link("c1", "http://alpha.test/1", 1);
    f.advance(Duration.ofMillis(100));
    FetchTask beta = releasedOn(f, "beta.test");

    f.report(beta, OutcomeKind.FETCHED, 200);
    f.advance(Duration.ofMillis(500));

    assertThat(f.hosts("c1")).extracting(HostLoad::host).containsExactly("alpha.test");
  }

  @Test
  void aHostWhoseUrlsFailedIsPublishedWithItsFailedCountEvenWithNothingLeft() {
    FrontierHarness f = frontier(10);
    f.start(crawl("c1", "http://alpha.test/", "http://beta.test/"));
    f.link("c1", "http://alpha.test/1", 1);
    f.advance(Duration.ofMillis(100));
    FetchTask beta = releasedOn(f, "beta.test");

    f.report(beta, OutcomeKind.HTTP_ERROR, 404);
    f.advance(Duration.ofMillis(500));

    List<HostLoad> hosts = f.hosts("c1");
    assertThat(hosts).extracting(HostLoad::host).containsExactly("alpha.test", "beta.test");
    assertThat(hosts.getFirst().failed()).isZero();
    assertThat(hosts.get(1)).isEqualTo(new HostLoad("beta.test", 0, 0, 0, 0, 1));
  }

  @Test
  void aHostsFailedUrlsAreCountedForTheirOwnCrawl() {
    FrontierHarness f = frontier(10);
    f.start(crawl("c1", "http://beta.test/"));
    f.start(crawl("c2", "http://beta.test/other"));
    for (int round = 0; round < 3; round++) {
      f.advance(Duration.ofMillis(100));
      for (FrontierHarness.Released released : f.released()) {
        FetchTask task = released.task();
        if (task.crawlId().equals("c2")) {
          f.report(task, OutcomeKind.HTTP_ERROR, 404);
        } else {
          f.report(task, OutcomeKind.FETCHED, 200);
        }
      }
    }

    f.advance(Duration.ofMillis(600));

    assertThat(f.hosts("c1")).isEmpty();
    assertThat(f.hosts("c2")).containsExactly(new HostLoad("beta.test", 0, 0, 0, 0, 1));
  }

  @Test
  void publishesOnlyTheHostsWithTheMostFailedUrlsUpToTheConfiguredNumber() {
    FrontierHarness f = frontier(1);
    f.start(
        crawl(
            "c1",
            "http://alpha.test/",
            "http://beta.test/",
            "http://beta.test/2",
            "http://gamma.test/"));
    for (int round = 0; round < 3; round++) {
      f.advance(Duration.ofMillis(100));
      for (FrontierHarness.Released released : f.released()) {
        f.report(released.task(), OutcomeKind.HTTP_ERROR, 404);
      }
    }

    f.advance(Duration.ofMillis(600));

    assertThat(f.counters("c1").failed()).isEqualTo(4);
    assertThat(f.hosts("c1")).containsExactly(new HostLoad("beta.test", 0, 0, 0, 0, 2));
  }

  private static FetchTask releasedOn(FrontierHarness f, String host) {
    return f.released().stream()
        .map(FrontierHarness.Released::task)
        .filter(task -> task.url().startsWith("http://" + host + "/"))
        .findFirst()
        .orElseThrow();
  }
}
