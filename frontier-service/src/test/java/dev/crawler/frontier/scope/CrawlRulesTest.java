package dev.crawler.frontier.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.CrawlState;
import dev.crawler.common.messages.Scope;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.frontier.FrontierProperties.Traps;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrawlRulesTest {

  private final CrawlRules rules =
      CrawlRules.of(
          new CrawlJob(
              "c",
              "c",
              List.of("http://a.test/"),
              Scope.HOST,
              List.of("/docs/", "/blog/"),
              List.of("\\.pdf$", "[?&]print="),
              3,
              0,
              0,
              0,
              1,
              0,
              CrawlState.RUNNING,
              Instant.EPOCH,
              null),
          new TrapGuard(new Traps(1024, 3, 32, 16)));

  @Test
  void admitsAUrlThatPassesEveryRule() {
    assertThat(rules.judge("http://a.test/docs/x", 3, UrlSource.LINK)).isEmpty();
  }

  @Test
  void refusesWhatIsTooDeep() {
    assertThat(rules.judge("http://a.test/docs/x", 4, UrlSource.LINK)).contains(Refusal.TOO_DEEP);
  }

  @Test
  void refusesWhatIsOutOfScope() {
    assertThat(rules.judge("http://b.test/docs/x", 1, UrlSource.LINK))
        .contains(Refusal.OUT_OF_SCOPE);
  }

  @Test
  void refusesWhatMatchesNoIncludePattern() {
    assertThat(rules.judge("http://a.test/shop/x", 1, UrlSource.LINK))
        .contains(Refusal.NOT_INCLUDED);
  }

  @Test
  void refusesWhatMatchesAnExcludePattern() {
    assertThat(rules.judge("http://a.test/docs/x.pdf", 1, UrlSource.LINK))
        .contains(Refusal.EXCLUDED);
    assertThat(rules.judge("http://a.test/blog/x?print=1", 1, UrlSource.SITEMAP))
        .contains(Refusal.EXCLUDED);
  }

  @Test
  void letsInjectedUrlsPastScopeAndPatternsButNotPastTrapGuards() {
    assertThat(rules.judge("http://b.test/shop.pdf", 0, UrlSource.INJECTED)).isEmpty();
    assertThat(rules.judge("http://b.test/a/a/a/a", 0, UrlSource.INJECTED))
        .contains(Refusal.TRAP_REPEATED_SEGMENT);
  }
}
