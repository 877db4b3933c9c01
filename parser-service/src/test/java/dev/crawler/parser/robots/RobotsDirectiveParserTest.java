package dev.crawler.parser.robots;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class RobotsDirectiveParserTest {

  private final RobotsDirectiveParser parser = new RobotsDirectiveParser("crawlerbot");

  @Test
  void metaRobotsIsReadInAnyCase() {
    var document =
        Jsoup.parse("<meta name=\"ROBOTS\" content=\"NoIndex, Follow\">", "https://a.test/");

    assertThat(parser.fromMeta(document)).isEqualTo(new RobotsDirectives(true, false));
  }

  @Test
  void noneMeansNoindexAndNofollow() {
    var document = Jsoup.parse("<meta name=\"robots\" content=\"none\">", "https://a.test/");

    assertThat(parser.fromMeta(document)).isEqualTo(new RobotsDirectives(true, true));
  }

  @Test
  void aMetaTagNamedAfterOurAgentAppliesToUs() {
    var document =
        Jsoup.parse("<meta name=\"CrawlerBot\" content=\"nofollow\">", "https://a.test/");

    assertThat(parser.fromMeta(document)).isEqualTo(new RobotsDirectives(false, true));
  }

  @Test
  void aMetaTagNamedAfterAnotherAgentDoesNot() {
    var document =
        Jsoup.parse("<meta name=\"googlebot\" content=\"noindex, nofollow\">", "https://a.test/");

    assertThat(parser.fromMeta(document)).isEqualTo(RobotsDirectives.NONE);
  }

  @Test
  void severalMetaTagsAddUp() {
    var document =
        Jsoup.parse(
            "<meta name=\"robots\" content=\"noindex\"><meta name=\"crawlerbot\" content=\"nofollow\">",
            "https://a.test/");

    assertThat(parser.fromMeta(document)).isEqualTo(new RobotsDirectives(true, true));
  }

  @Test
  void aPlainXRobotsTagAppliesToEveryAgent() {
    assertThat(parser.fromHeader("noindex")).isEqualTo(new RobotsDirectives(true, false));
    assertThat(parser.fromHeader("NONE")).isEqualTo(new RobotsDirectives(true, true));
  }

  @Test
  void anXRobotsTagForAnotherAgentIsIgnoredUpToTheEndOfItsLine() {
    assertThat(parser.fromHeader("googlebot: noindex, nofollow")).isEqualTo(RobotsDirectives.NONE);
    assertThat(parser.fromHeader("googlebot: noindex\nnofollow"))
        .isEqualTo(new RobotsDirectives(false, true));
  }

  @Test
  void anXRobotsTagForOurAgentApplies() {
    assertThat(parser.fromHeader("googlebot: nofollow, CrawlerBot: noindex"))
        .isEqualTo(new RobotsDirectives(true, false));
  }

  @Test
  void valuedDirectivesAreNotMistakenForAgents() {
    assertThat(parser.fromHeader("max-snippet: 20, noindex"))
        .isEqualTo(new RobotsDirectives(true, false));
    assertThat(parser.fromHeader("unavailable_after: 2030-01-01")).isEqualTo(RobotsDirectives.NONE);
  }

  @Test
  void noHeaderRestrictsNothing() {
    assertThat(parser.fromHeader(null)).isEqualTo(RobotsDirectives.NONE);
    assertThat(parser.fromHeader("index, follow, noarchive")).isEqualTo(RobotsDirectives.NONE);
  }
}
