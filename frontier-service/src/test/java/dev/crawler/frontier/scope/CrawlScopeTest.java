package dev.crawler.frontier.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrawlScopeTest {

  private static final List<String> SEEDS =
      List.of("http://www.example.co.uk/docs/intro.html?x=1", "https://other.test/");

  @Test
  void hostScopeKeepsExactlyTheSeedHosts() {
    CrawlScope scope = CrawlScope.of(Scope.HOST, SEEDS);

    assertThat(scope.contains("http://www.example.co.uk/anything")).isTrue();
    assertThat(scope.contains("https://other.test/x")).isTrue();
    assertThat(scope.contains("http://shop.example.co.uk/")).isFalse();
    assertThat(scope.contains("http://example.co.uk/")).isFalse();
  }

  @Test
  void domainScopeKeepsTheRegisteredDomainAndItsSubdomains() {
    CrawlScope scope = CrawlScope.of(Scope.DOMAIN, SEEDS);

    assertThat(scope.contains("http://shop.example.co.uk/")).isTrue();
    assertThat(scope.contains("http://example.co.uk/")).isTrue();
    assertThat(scope.contains("http://example2.co.uk/")).isFalse();
    assertThat(scope.contains("http://evil.co.uk/")).isFalse();
  }

  @Test
  void prefixScopeKeepsUrlsUnderTheSeedsDirectory() {
    CrawlScope scope = CrawlScope.of(Scope.PREFIX, SEEDS);

    assertThat(scope.contains("http://www.example.co.uk/docs/")).isTrue();
    assertThat(scope.contains("http://www.example.co.uk/docs/api/x.html")).isTrue();
    assertThat(scope.contains("http://www.example.co.uk/blog/")).isFalse();
    assertThat(scope.contains("http://www.example.co.uk/docsx")).isFalse();
    assertThat(scope.contains("https://other.test/anything")).isTrue();
  }

  @Test
  void prefixOfASeedIsItsPathUpToTheLastSlash() {
    assertThat(CrawlScope.prefixOf("http://a.test")).isEqualTo("http://a.test/");
    assertThat(CrawlScope.prefixOf("http://a.test/")).isEqualTo("http://a.test/");
    assertThat(CrawlScope.prefixOf("http://a.test/x/y.html?q=/z/")).isEqualTo("http://a.test/x/");
  }

  @Test
  void anyScopeKeepsEverything() {
    assertThat(CrawlScope.of(Scope.ANY, SEEDS).contains("http://elsewhere.test/")).isTrue();
  }
}
