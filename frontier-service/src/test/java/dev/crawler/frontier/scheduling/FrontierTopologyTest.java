package dev.crawler.frontier.scheduling;

import static dev.crawler.frontier.scheduling.FrontierHarness.crawl;
import static dev.crawler.frontier.scheduling.FrontierHarness.withDelay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.DeadLetter;
import dev.crawler.common.kafka.JsonCodec;
import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.FetchTask;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.messages.Scope;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.frontier.scheduling.FrontierHarness.Released;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontierTopologyTest {

  /**
   * One lease at a time per host (no lookahead), the release discipline these tests pin down;
   * {@link HostWindowTest} covers leases released ahead.
   */
  private static final Map<String, Object> SETTINGS =
      Map.of(
          "crawler.frontier.host-window.lookahead", "0ms",
          "crawler.frontier.release-interval", "100ms",
          "crawler.frontier.lease-duration", "10s",
          "crawler.frontier.max-attempts", "3",
          "crawler.frontier.backoff.initial", "2s",
          "crawler.frontier.backoff.jitter", "0",
          "crawler.frontier.finish-quiet-period", "5s",
          "crawler.frontier.progress-interval", "500ms");

  @TempDir Path stateDir;
  private FrontierHarness frontier;

  private FrontierHarness frontier() {
    frontier = new FrontierHarness(stateDir, SETTINGS);
    return frontier;
  }

  @AfterEach
  void close() {
    if (frontier != null) {
      frontier.close();
    }
  }

  @Test
  void releasesASeedAsAFetchTaskKeyedByItsHost() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));

    f.advance(Duration.ofMillis(100));

    List<Released> released = f.released();
    assertThat(released).hasSize(1);
    FetchTask task = released.getFirst().task();
    assertThat(released.getFirst().key()).isEqualTo("alpha.test");
    assertThat(task.url()).isEqualTo("http://alpha.test/");
    assertThat(task.crawlId()).isEqualTo("c1");
    assertThat(task.attempt()).isEqualTo(1);
    assertThat(task.depth()).isZero();
    assertThat(task.leaseDeadline()).isEqualTo(f.now().plus(Duration.ofSeconds(10)));
    assertThat(task.warc()).isFalse();
    CrawlCounters counters = f.counters("c1");
    assertThat(counters.discovered()).isEqualTo(1);
    assertThat(counters.queued()).isZero();
    assertThat(counters.inFlight()).isEqualTo(1);
  }

  @Test
  void aCrawlThatAsksForWarcHasEveryTaskCarryTheRequestToTheFetcher() {
    FrontierHarness f = frontier();
    CrawlJob plain = crawl("c1", "http://alpha.test/");
    f.start(
        new CrawlJob(
            plain.id(),
            plain.name(),
            plain.seeds(),
            plain.scope(),
            plain.include(),
            plain.exclude(),
            plain.maxDepth(),
            plain.maxPages(),
            plain.maxPagesPerHost(),
            plain.minDelayMs(),
            plain.maxConcurrencyPerHost(),
            plain.recrawlIntervalMinutes(),
            plain.state(),
            plain.createdAt(),
            plain.updatedAt(),
            true,
            true));
    f.link("c1", "http://alpha.test/a", 1);

    f.advance(Duration.ofMillis(100));
    FetchTask seed = f.released().getFirst().task();
    f.report(seed, OutcomeKind.FETCHED, 200);
    f.advance(Duration.ofMillis(100));

    assertThat(seed.warc()).isTrue();
    assertThat(f.released()).extracting(r -> r.task().warc()).containsExactly(true);
  }

  @Test
  void queuesAUrlOnlyOncePerCrawl() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.link("c1", "http://alpha.test/a", 1);
    f.link("c1", "http://alpha.test/a", 1);
    f.link("c1", "http://ALPHA.test:80/a#fragment", 2);

    assertThat(f.counters("c1").discovered()).isEqualTo(2);
    assertThat(f.counters("c1").duplicates()).isEqualTo(2);
    assertThat(f.counters("c1").queued()).isEqualTo(2);
  }

  @Test
  void filtersUrlsOutsideTheScopeDepthAndPatternsAndCountsThem() {
    FrontierHarness f = frontier();
    CrawlJob job =
        new CrawlJob(
            "c1",
            "c1",
            List.of("http://alpha.test/docs/"),
            Scope.PREFIX,
            List.of(),
            List.of("\\.pdf$"),
            2,
            0,
            0,
            0,
            1,
            0,
            CrawlState.RUNNING,
            FrontierHarness.START,
            null);
    f.start(job);

    f.link("c1", "http://alpha.test/docs/intro", 1);
    f.link("c1", "http://alpha.test/blog/", 1);
    f.link("c1", "http://beta.test/docs/", 1);
    f.link("c1", "http://alpha.test/docs/deep", 3);
    f.link("c1", "http://alpha.test/docs/manual.pdf", 1);
    f.link("c1", "http://alpha.test/docs/a/b/a/b/a/b/a/b", 1);

    CrawlCounters counters = f.counters("c1");
    assertThat(counters.discovered()).isEqualTo(2);
    assertThat(counters.filtered()).isEqualTo(5);
    assertThat(f.meter("frontier.urls.admitted")).isEqualTo(2);
  }

  @Test
  void stopsAdmittingAtTheHostBudgetButNotForOtherHosts() {
    FrontierHarness f = frontier();
    CrawlJob job =
        new CrawlJob(
            "c1",
            "c1",
            List.of("http://alpha.test/"),
            Scope.ANY,
            List.of(),
            List.of(),
            10,
            0,
            2,
            0,
            1,
            0,
            CrawlState.RUNNING,
            FrontierHarness.START,
            null);
    f.start(job);

    f.link("c1", "http://alpha.test/1", 1);
    f.link("c1", "http://alpha.test/2", 1);
    f.link("c1", "http://beta.test/1", 1);

    assertThat(f.counters("c1").discovered()).isEqualTo(3);
    assertThat(f.counters("c1").filtered()).isEqualTo(1);
  }

  @Test
  void stopsAdmittingAtTheCrawlBudget() {
    FrontierHarness f = frontier();
    CrawlJob job =
        new CrawlJob(
            "c1",
            "c1",
            List.of("http://alpha.test/"),
            Scope.ANY,
            List.of(),
            List.of(),
            10,
            2,
            0,
            0,
            1,
            0,
            CrawlState.RUNNING,
            FrontierHarness.START,
            null);
    f.start(job);

    f.link("c1", "http://beta.test/1", 1);
    f.link("c1", "http://gamma.test/1", 1);

    assertThat(f.counters("c1").discovered()).isEqualTo(2);
    assertThat(f.counters("c1").filtered()).isEqualTo(1);
  }

  @Test
  void spacesFetchStartsOnAHostByItsDelayEvenWhenOutcomesComeAtOnce() {
    FrontierHarness f = frontier();
    f.start(withDelay(crawl("c1", "http://alpha.test/", "http://beta.test/"), 1_000));
    f.link("c1", "http://alpha.test/1", 1);
    f.link("c1", "http://alpha.test/2", 1);

    List<Released> alpha = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      f.advance(Duration.ofMillis(100));
      for (Released released : f.released()) {
        if (released.key().equals("alpha.test")) {
          alpha.add(released);
        }
        f.report(released.task(), OutcomeKind.FETCHED, 200);
      }
    }

    assertThat(alpha).hasSize(3);
    assertThat(Duration.between(alpha.get(0).at(), alpha.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
    assertThat(Duration.between(alpha.get(1).at(), alpha.get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
    assertThat(alpha.getFirst().task().minDelayMs()).isEqualTo(1_000);
    assertThat(alpha.getFirst().task().url()).as("seeds first").isEqualTo("http://alpha.test/");
  }

  @Test
  void neverReleasesASecondLeaseWhileTheFirstIsInFlight() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.link("c1", "http://alpha.test/1", 1);

    f.jump(Duration.ofSeconds(5));

    assertThat(f.released()).hasSize(1);
  }

  @Test
  void honoursRobotsCrawlDelay() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.link("c1", "http://alpha.test/1", 1);
    f.advance(Duration.ofMillis(100));
    Released first = f.released().getFirst();

    f.report(first.task(), OutcomeKind.FETCHED, 200, 3_000L, null, List.of());
    f.jump(Duration.ofMillis(2_800));
    assertThat(f.released()).isEmpty();
    f.jump(Duration.ofMillis(300));

    Released second = f.released().getFirst();
    assertThat(Duration.between(first.at(), second.at()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(second.task().minDelayMs()).isEqualTo(3_000);
  }

  @Test
  void backsOffAfter503ForAtLeastRetryAfterAndRetriesWithTheNextAttempt() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.advance(Duration.ofMillis(100));
    Released first = f.released().getFirst();

    f.report(first.task(), OutcomeKind.HTTP_ERROR, 503, null, 10_000L, List.of());
    f.jump(Duration.ofMillis(9_800));
    assertThat(f.released()).isEmpty();
    f.jump(Duration.ofMillis(300));

    List<Released> retried = f.released();
    assertThat(retried).hasSize(1);
    assertThat(retried.getFirst().task().attempt()).isEqualTo(2);
    assertThat(retried.getFirst().task().url()).isEqualTo(first.task().url());
    assertThat(retried.getFirst().task().taskId()).isNotEqualTo(first.task().taskId());
    assertThat(f.counters("c1").failed()).isZero();
  }

  @Test
  void backsOffAfter429ForRetryAfterButNeverLongerThanTheConfiguredMaximum() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.advance(Duration.ofMillis(100));

    f.report(f.released().getFirst().task(), OutcomeKind.HTTP_ERROR, 429, null, 30_000L, List.of());
    f.jump(Duration.ofMillis(29_800));
    assertThat(f.released()).as("Retry-After 30 s outweighs the 2 s first step").isEmpty();
    f.jump(Duration.ofMillis(300));
    FetchTask second = f.released().getFirst().task();
    assertThat(second.attempt()).isEqualTo(2);

    f.report(second, OutcomeKind.HTTP_ERROR, 429, null, Duration.ofHours(5).toMillis(), List.of());
    f.jump(Duration.ofMinutes(10).minusMillis(200));
    assertThat(f.released()).as("Retry-After is capped by backoff.max (10 min)").isEmpty();
    f.jump(Duration.ofMillis(300));

    assertThat(f.released()).extracting(r -> r.task().attempt()).containsExactly(3);
  }

  @Test
  void backsOffExponentiallyOnTimeoutsAndRecoversStepByStepOnSuccess() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.link("c1", "http://alpha.test/1", 1);
    f.link("c1", "http://alpha.test/2", 1);
    f.advance(Duration.ofMillis(100));

    f.report(f.released().getFirst().task(), OutcomeKind.NETWORK_ERROR, 0);
    f.jump(Duration.ofMillis(1_900));
    assertThat(f.released()).as("first back-off is 2 s").isEmpty();
    f.jump(Duration.ofMillis(200));
    FetchTask second = f.released().getFirst().task();
    f.report(second, OutcomeKind.NETWORK_ERROR, 0);
    f.jump(Duration.ofMillis(3_800));
    assertThat(f.released()).as("second back-off is 4 s").isEmpty();
    f.jump(Duration.ofMillis(300));
    FetchTask third = f.released().getFirst().task();
    assertThat(third.attempt()).isEqualTo(3);

    f.report(third, OutcomeKind.FETCHED, 200);
    f.jump(Duration.ofMillis(1_800));
    assertThat(f.released()).as("one success: fetches still 2 s apart").isEmpty();
    f.jump(Duration.ofMillis(300));
    List<Released> fourth = f.released();
    assertThat(fourth).hasSize(1);
    assertThat(fourth.getFirst().task().minDelayMs()).isEqualTo(2_000);

    f.report(fourth.getFirst().task(), OutcomeKind.FETCHED, 200);
    f.advance(Duration.ofMillis(100));

    List<Released> fifth = f.released();
    assertThat(fifth).as("two successes: back at the crawl's own delay").hasSize(1);
    assertThat(fifth.getFirst().task().minDelayMs()).isZero();
    assertThat(f.counters("c1").fetched()).isEqualTo(2);
  }

  @Test
  void failsAUrlAt404WithoutBackingOffTheHost() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.link("c1", "http://alpha.test/1", 1);
    f.advance(Duration.ofMillis(100));

    f.report(f.released().getFirst().task(), OutcomeKind.HTTP_ERROR, 404);
    f.advance(Duration.ofMillis(100));

    assertThat(f.released()).extracting(r -> r.task().url()).containsExactly("http://alpha.test/1");
    assertThat(f.counters("c1").failed()).isEqualTo(1);
  }

  @Test
  void givesUpAUrlAfterTheLastAttempt() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      f.jump(Duration.ofMinutes(1));
      f.report(f.released().getFirst().task(), OutcomeKind.HTTP_ERROR, 500);
    }
    f.jump(Duration.ofMinutes(1));

    assertThat(f.released()).isEmpty();
    assertThat(f.counters("c1").failed()).isEqualTo(1);
    assertThat(f.counters("c1").isIdle()).isTrue();
  }

  @Test
  void releasesAnExpiredLeaseAgainWithTheNextAttemptAndIgnoresItsLateOutcome() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.advance(Duration.ofMillis(100));
    FetchTask lost = f.released().getFirst().task();

    f.jump(Duration.ofSeconds(10));

    List<Released> again = f.released();
    assertThat(again).hasSize(1);
    assertThat(again.getFirst().task().attempt()).isEqualTo(2);
    assertThat(again.getFirst().task().url()).isEqualTo(lost.url());
    assertThat(f.meter("frontier.lease.expiries")).isEqualTo(1);

    f.report(lost, OutcomeKind.FETCHED, 200);

    assertThat(f.counters("c1").fetched()).as("a stale outcome counts nothing").isZero();
    assertThat(f.counters("c1").inFlight()).isEqualTo(1);
    assertThat(f.meter("frontier.outcomes.stale")).isEqualTo(1);

    f.report(again.getFirst().task(), OutcomeKind.FETCHED, 200);
    assertThat(f.counters("c1").fetched()).isEqualTo(1);
    assertThat(f.counters("c1").inFlight()).isZero();
  }

  @Test
  void afterAnExpiredLeaseTheHostWaitsItsDelayPastTheDeadline() {
    FrontierHarness f = frontier();
    f.start(withDelay(crawl("c1", "http://alpha.test/"), 500));
    f.advance(Duration.ofMillis(100));
    Instant deadline = f.released().getFirst().task().leaseDeadline();

    // The lost fetcher may have started the fetch right at its deadline.
    f.jump(Duration.between(f.now(), deadline));
    f.advance(Duration.ofMillis(400));
    assertThat(f.released()).isEmpty();

    f.advance(Duration.ofMillis(200));
    List<Released> again = f.released();
    assertThat(again).hasSize(1);
    assertThat(again.getFirst().task().attempt()).isEqualTo(2);
    assertThat(again.getFirst().at()).isAfterOrEqualTo(deadline.plusMillis(500));
  }

  @Test
  void failsAUrlWhoseLeasesKeepExpiring() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));

    for (int i = 0; i < 4; i++) {
      f.jump(Duration.ofSeconds(10));
    }

    assertThat(f.released()).extracting(r -> r.task().attempt()).containsExactly(1, 2, 3);
    assertThat(f.counters("c1").failed()).isEqualTo(1);
    assertThat(f.counters("c1").isIdle()).isTrue();
  }

  @Test
  void releasesNothingWhilePausedAndResumesWhereItStopped() {
    FrontierHarness f = frontier();
    CrawlJob job = crawl("c1", "http://alpha.test/");
    f.publish(job.withState(CrawlState.PAUSED, FrontierHarness.START));
    f.publishSeeds(job);

    f.jump(Duration.ofSeconds(3));
    assertThat(f.released()).isEmpty();
    assertThat(f.counters("c1").queued()).isEqualTo(1);

    f.publish(job.withState(CrawlState.RUNNING, f.now()));
    f.jump(Duration.ofSeconds(2));

    assertThat(f.released()).hasSize(1);
  }

  @Test
  void dropsTheQueuedUrlsOfACancelledCrawlAndRefusesNewOnes() {
    FrontierHarness f = frontier();
    CrawlJob job = crawl("c1", "http://alpha.test/");
    f.start(job);
    f.link("c1", "http://alpha.test/1", 1);
    f.link("c1", "http://alpha.test/2", 1);
    f.advance(Duration.ofMillis(100));
    assertThat(f.released()).hasSize(1);

    f.publish(job.withState(CrawlState.CANCELLED, f.now()));
    f.link("c1", "http://alpha.test/3", 1);
    f.jump(Duration.ofSeconds(1));

    assertThat(f.counters("c1").queued()).isZero();
    assertThat(f.counters("c1").discovered()).isEqualTo(3);
    f.jump(Duration.ofMinutes(1));
    assertThat(f.released()).isEmpty();
  }

  @Test
  void sharesAHostBetweenCrawlsInTurn() {
    FrontierHarness f = frontier();
    f.start(crawl("a", "http://alpha.test/a0"));
    f.start(crawl("b", "http://alpha.test/b0"));
    f.link("a", "http://alpha.test/a1", 1);
    f.link("b", "http://alpha.test/b1", 1);

    List<String> order = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      f.advance(Duration.ofMillis(100));
      for (Released released : f.released()) {
        order.add(released.task().crawlId());
        f.report(released.task(), OutcomeKind.FETCHED, 200);
      }
    }

    assertThat(order).containsExactly("a", "b", "a", "b");
  }

  @Test
  void turnsRobotsSitemapsIntoBoostedCandidatesKeyedByTheirHost() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.advance(Duration.ofMillis(100));
    f.candidatesOut();

    f.report(
        f.released().getFirst().task(),
        OutcomeKind.FETCHED,
        200,
        null,
        null,
        List.of("http://alpha.test/sitemap.xml", "http://cdn.alpha.test/map.xml"));

    var out = f.candidatesOut();
    assertThat(out).hasSize(2);
    assertThat(new String(out.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("cdn.alpha.test");
    UrlCandidate sitemap = JsonCodec.of(UrlCandidate.class).decode(out.getFirst().value());
    assertThat(sitemap.source()).isEqualTo(UrlSource.SITEMAP);
    assertThat(sitemap.url()).isEqualTo("http://alpha.test/sitemap.xml");
  }

  @Test
  void finishesACrawlWhenNothingIsLeftAfterAQuietPeriod() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.advance(Duration.ofMillis(100));
    f.report(f.released().getFirst().task(), OutcomeKind.FETCHED, 200);

    f.jump(Duration.ofSeconds(3));
    assertThat(f.jobUpdates()).as("still within the quiet period").isEmpty();
    f.jump(Duration.ofSeconds(3));

    List<CrawlJob> updates = f.jobUpdates();
    assertThat(updates).hasSize(1);
    assertThat(updates.getFirst().state()).isEqualTo(CrawlState.FINISHED);
    assertThat(updates.getFirst().id()).isEqualTo("c1");
  }

  @Test
  void doesNotFinishACrawlWhoseSeedsHaveNotArrived() {
    FrontierHarness f = frontier();
    f.publish(crawl("c1", "http://alpha.test/"));

    f.jump(Duration.ofSeconds(10));

    assertThat(f.jobUpdates()).isEmpty();
  }

  @Test
  void holdsASeedThatOvertookItsCrawlRecordUntilTheRecordArrives() {
    FrontierHarness f = frontier();
    CrawlJob job = crawl("c1", "http://alpha.test/");
    f.publishSeeds(job);
    f.advance(Duration.ofMillis(300));
    assertThat(f.released()).isEmpty();

    f.publish(job);
    f.advance(Duration.ofMillis(300));

    assertThat(f.released()).hasSize(1);
    assertThat(f.counters("c1").seedsReceived()).isEqualTo(1);
  }

  @Test
  void sendsUndecodableRecordsToTheDeadLetterTopicAndKeepsGoing() {
    FrontierHarness f = frontier();
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    f.offerRaw("alpha.test", garbage);
    f.start(crawl("c1", "http://alpha.test/"));
    f.advance(Duration.ofMillis(100));

    var letters = f.deadLetters();
    assertThat(letters).hasSize(1);
    assertThat(letters.getFirst().value()).isEqualTo(garbage);
    assertThat(letters.getFirst().headers().lastHeader(DeadLetter.HEADER_STAGE).value())
        .isEqualTo("frontier".getBytes(StandardCharsets.UTF_8));
    assertThat(f.released()).hasSize(1);
  }

  @Test
  void reroutesACandidateKeyedByTheWrongHost() {
    FrontierHarness f = frontier();
    f.start(crawl("c1", "http://alpha.test/"));
    f.candidatesOut();

    f.offerRaw(
        "wrong.test",
        JsonCodec.of(UrlCandidate.class)
            .encode(UrlCandidate.seed("c1", "http://alpha.test/x", UrlSource.INJECTED)));

    var out = f.candidatesOut();
    assertThat(out).isNotEmpty();
    assertThat(new String(out.getFirst().key(), StandardCharsets.UTF_8)).isEqualTo("alpha.test");
  }

  @Test
  void carriesValidatorsOfTheLastFetchIntoARecrawl() {
    FrontierHarness f = frontier();
    f.start(recrawlingEveryMinute());
    f.advance(Duration.ofMillis(100));
    f.report(f.released().getFirst().task(), OutcomeKind.FETCHED, 200);

    f.jump(Duration.ofSeconds(59));
    assertThat(f.released()).isEmpty();
    f.jump(Duration.ofSeconds(2));

    List<Released> recrawl = f.released();
    assertThat(recrawl).hasSize(1);
    assertThat(recrawl.getFirst().task().etag()).isEqualTo("\"etag-1\"");
    assertThat(recrawl.getFirst().task().attempt()).isEqualTo(1);
  }

  @Test
  void aSitemapLastmodAfterTheFetchBringsTheRecrawlForward() {
    FrontierHarness f = frontier();
    f.start(recrawlingEveryMinute());
    f.advance(Duration.ofMillis(100));
    f.report(f.released().getFirst().task(), OutcomeKind.FETCHED, 200);
    f.jump(Duration.ofSeconds(10));

    f.offer(sitemapEntry("http://alpha.test/", FrontierHarness.START.plusSeconds(5)));
    f.advance(Duration.ofMillis(100));

    List<Released> recrawl = f.released();
    assertThat(recrawl).hasSize(1);
    assertThat(recrawl.getFirst().task().url()).isEqualTo("http://alpha.test/");
    assertThat(recrawl.getFirst().task().etag()).isEqualTo("\"etag-1\"");
  }

  @Test
  void aSitemapLastmodBeforeTheFetchLeavesTheRecrawlWhereItWas() {
    FrontierHarness f = frontier();
    f.start(recrawlingEveryMinute());
    f.advance(Duration.ofMillis(100));
    f.report(f.released().getFirst().task(), OutcomeKind.FETCHED, 200);
    f.jump(Duration.ofSeconds(10));

    f.offer(sitemapEntry("http://alpha.test/", FrontierHarness.START.minus(Duration.ofDays(1))));
    f.advance(Duration.ofMillis(100));
    assertThat(f.released()).isEmpty();

    f.jump(Duration.ofSeconds(51));
    assertThat(f.released()).hasSize(1);
  }

  private static CrawlJob recrawlingEveryMinute() {
    return new CrawlJob(
        "c1",
        "c1",
        List.of("http://alpha.test/"),
        Scope.HOST,
        List.of(),
        List.of(),
        10,
        0,
        0,
        0,
        1,
        1,
        CrawlState.RUNNING,
        FrontierHarness.START,
        null);
  }

  private static UrlCandidate sitemapEntry(String url, Instant lastModified) {
    return new UrlCandidate(
        "c1", url, 1, UrlSource.SITEMAP, "http://alpha.test/sitemap.xml", null, 0, lastModified);
  }
}
