package dev.crawler.parser.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentLinksTest {

  private final RecentLinks recent = new RecentLinks(100);

  @Test
  void holdsBackALinkOfferedBeforeAtTheSameDepthOrNearer() {
    recent.remember(List.of(link("c1", "http://a.test/menu", 2)));

    assertThat(recent.withoutRepeats(List.of(link("c1", "http://a.test/menu", 2)))).isEmpty();
    assertThat(recent.withoutRepeats(List.of(link("c1", "http://a.test/menu", 5)))).isEmpty();
  }

  @Test
  void offersAgainALinkFoundNearerASeedOrInAnotherCrawl() {
    recent.remember(List.of(link("c1", "http://a.test/menu", 2)));

    UrlCandidate nearer = link("c1", "http://a.test/menu", 1);
    UrlCandidate otherCrawl = link("c2", "http://a.test/menu", 2);
    assertThat(recent.withoutRepeats(List.of(nearer, otherCrawl)))
        .containsExactly(nearer, otherCrawl);
  }

  @Test
  void holdsBackNothingThatWasOnlyFoundAndNotYetAcknowledged() {
    UrlCandidate link = link("c1", "http://a.test/x", 1);

    assertThat(recent.withoutRepeats(List.of(link))).containsExactly(link);
    assertThat(recent.withoutRepeats(List.of(link))).containsExactly(link);
  }

  @Test
  void alwaysOffersSitemapEntriesRedirectsAndSeeds() {
    UrlCandidate sitemap =
        new UrlCandidate(
            "c1", "http://a.test/s", 1, UrlSource.SITEMAP, null, null, 0, Instant.now());
    UrlCandidate redirect =
        new UrlCandidate("c1", "http://a.test/r", 1, UrlSource.REDIRECT, null, null, 0, null);
    recent.remember(List.of(sitemap, redirect));

    assertThat(recent.withoutRepeats(List.of(sitemap, redirect)))
        .containsExactly(sitemap, redirect);
  }

  @Test
  void forgetsTheLeastRecentlyOfferedLinksBeyondItsCapacity() {
    RecentLinks small = new RecentLinks(2);
    small.remember(
        List.of(
            link("c1", "http://a.test/1", 1),
            link("c1", "http://a.test/2", 1),
            link("c1", "http://a.test/3", 1)));

    assertThat(small.withoutRepeats(List.of(link("c1", "http://a.test/1", 1)))).hasSize(1);
    assertThat(small.withoutRepeats(List.of(link("c1", "http://a.test/3", 1)))).isEmpty();
  }

  @Test
  void offersEachPagesFirstLinkToItsOwnHostEvenWhenEveryLinkIsARepeat() {
    UrlCandidate offsite = fingerprinted("http://b.test/", "http://a.test/day/2");
    UrlCandidate previous = fingerprinted("http://a.test/day/1", "http://a.test/day/2");
    UrlCandidate next = fingerprinted("http://a.test/day/3", "http://a.test/day/2");
    recent.remember(List.of(offsite, previous, next));

    assertThat(recent.withoutRepeats(List.of(offsite, previous, next))).containsExactly(previous);
  }

  @Test
  void aPageWithANewLinkToItsOwnHostSendsNoRepeatForItsSake() {
    UrlCandidate menu = fingerprinted("http://a.test/menu", "http://a.test/b");
    UrlCandidate own = fingerprinted("http://a.test/b1", "http://a.test/b");
    recent.remember(List.of(menu));

    assertThat(recent.withoutRepeats(List.of(menu, own))).containsExactly(own);
  }

  @Test
  void aCapacityOfZeroOffersEverything() {
    RecentLinks off = new RecentLinks(0);
    UrlCandidate link = link("c1", "http://a.test/menu", 1);
    off.remember(List.of(link));

    assertThat(off.withoutRepeats(List.of(link))).containsExactly(link);
  }

  private static UrlCandidate fingerprinted(String url, String page) {
    return new UrlCandidate("c1", url, 2, UrlSource.LINK, page, "a", 0, null, 42L);
  }

  private static UrlCandidate link(String crawl, String url, int depth) {
    return new UrlCandidate(crawl, url, depth, UrlSource.LINK, "http://a.test/", "a", 0, null);
  }
}
