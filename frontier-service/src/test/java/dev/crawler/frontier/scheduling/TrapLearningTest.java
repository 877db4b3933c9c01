package dev.crawler.frontier.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.Scope;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trap learning as the frontier sees it: candidates arrive with their referrer's fingerprint, and a
 * URL template whose pages keep being near-copies of each other stops growing.
 */
class TrapLearningTest {

  private static final Map<String, Object> SETTINGS =
      Map.of(
          "crawler.frontier.trap-learning.min-pages", "8",
          "crawler.frontier.trap-learning.min-novel-share", "0.2",
          "crawler.frontier.trap-learning.window", "10");
  private static final long CALENDAR_PAGE = 0x5a5a_1234_9876_abcdL;
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);

  @TempDir Path stateDir;
  private FrontierHarness frontier;

  @AfterEach
  void close() {
    if (frontier != null) {
      frontier.close();
    }
  }

  @Test
  void aCalendarWhoseDaysAreNearCopiesIsRefusedAfterAFewPagesAndCountedAsTrap() {
    frontier = new FrontierHarness(stateDir, SETTINGS);
    CrawlJob job = crawl("c1", true);
    frontier.start(job);

    int admittedDays = followCalendar("c1", 100);

    CrawlCounters counters = frontier.counters("c1");
    assertThat(admittedDays).isBetween(7, 10);
    assertThat(counters.filteredTrap()).isPositive();
    assertThat(counters.filtered()).isEqualTo(counters.filteredTrap());
    assertThat(
            frontier.meters.get("frontier.urls.filtered").tag("reason", "trap").counter().count())
        .isEqualTo(counters.filteredTrap());
  }

  @Test
  void pagesOfOneTemplateWithNewContentAreNeverRefused() {
    frontier = new FrontierHarness(stateDir, SETTINGS);
    frontier.start(crawl("c1", true));

    for (int i = 1; i <= 100; i++) {
      frontier.offer(
          link(
              "c1",
              "http://shop.test/product/" + (i + 1),
              "http://shop.test/product/" + i,
              Pages.distinct(i)));
    }

    assertThat(frontier.counters("c1").discovered()).isEqualTo(2 + 100);
    assertThat(frontier.counters("c1").filtered()).isZero();
  }

  @Test
  void aCrawlThatTurnsTrapLearningOffFollowsTheCalendarToItsBudget() {
    frontier = new FrontierHarness(stateDir, SETTINGS);
    frontier.start(crawl("c1", false));

    int admittedDays = followCalendar("c1", 100);

    assertThat(admittedDays).isEqualTo(100);
    assertThat(frontier.counters("c1").filteredTrap()).isZero();
  }

  @Test
  void queuedUrlsOfATemplateLearnedToBeATrapAreDropped() {
    frontier = new FrontierHarness(stateDir, SETTINGS);
    frontier.start(crawl("c1", true));
    // Month pages each list every day of their month: the days are queued before any is fetched.
    for (int month = 1; month <= 3; month++) {
      for (int day = 1; day <= 28; day++) {
        frontier.offer(
            link(
                "c1",
                String.format("http://cal.test/calendar/2026/%02d/%02d/", month, day),
                String.format("http://cal.test/calendar/2026/%02d/", month),
                Pages.distinct(month)));
      }
    }
    long queuedBefore = frontier.counters("c1").queued();

    followCalendar("c1", 20);

    CrawlCounters counters = frontier.counters("c1");
    assertThat(queuedBefore).isEqualTo(2 + 3 * 28);
    assertThat(counters.queued()).isLessThan(10);
    assertThat(counters.filteredTrap()).isGreaterThan(70);
  }

  /** Offers the link from each day page to the next; returns how many of them were admitted. */
  private int followCalendar(String crawlId, int days) {
    long before = frontier.counters(crawlId).discovered();
    for (int i = 0; i < days; i++) {
      frontier.offer(link(crawlId, day(i + 1), day(i), CALENDAR_PAGE));
    }
    return Math.toIntExact(frontier.counters(crawlId).discovered() - before);
  }

  private static String day(int offset) {
    LocalDate date = FIRST_DAY.plusDays(offset);
    return String.format(
        "http://cal.test/calendar/%04d/%02d/%02d/",
        date.getYear(), date.getMonthValue(), date.getDayOfMonth());
  }

  private static UrlCandidate link(String crawlId, String url, String referrer, long simhash) {
    return new UrlCandidate(crawlId, url, 1, UrlSource.LINK, referrer, null, 0, null, simhash);
  }

  private static CrawlJob crawl(String id, boolean learnTraps) {
    return new CrawlJob(
        id,
        id,
        List.of("http://cal.test/", "http://shop.test/"),
        Scope.ANY,
        List.of(),
        List.of(),
        1000,
        0,
        0,
        0,
        1,
        0,
        CrawlState.RUNNING,
        FrontierHarness.START,
        null,
        learnTraps);
  }

  /** Fingerprints of unrelated pages: about half their bits differ. */
  private static final class Pages {
    static long distinct(int seed) {
      long z = (seed + 1) * 0x9e3779b97f4a7c15L;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }
}
