package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.KafkaNames;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The alerts on consumer lag watch the groups the services consume with and the topic the fetchers
 * read, under the install's topic prefix: an alert on a name no service uses never fires.
 */
class ConsumerLagAlertsTest {

  private static final String LAG = "kafka_consumergroup_lag";

  /** Each consuming service and the property of its group. */
  private static final Map<CrawlerService, String> GROUPS =
      Map.of(
          CrawlerService.FETCHER, "crawler.fetcher.consumer-group",
          CrawlerService.PARSER, "crawler.parser.consumer-group",
          CrawlerService.INDEXER, "crawler.indexer.ingest.group-id");

  @TestFactory
  Stream<DynamicTest> lagAlertsMatchTheGroupsAndTheFetchTopicOfTheInstall() {
    return Rendered.perOverlay((overlay, objects) -> {
      List<PromQuery.LabelMatcher> matchers =
          objects.stream()
              .filter(o -> "PrometheusRule".equals(o.kind()))
              .flatMap(rule -> Tree.maps(rule.content(), "spec", "groups").stream())
              .flatMap(group -> Tree.maps(group, "rules").stream())
              .map(rule -> PromQuery.parse(String.valueOf(rule.get("expr"))))
              .flatMap(query -> query.matchers().stream())
              .filter(matcher -> LAG.equals(matcher.metric()))
              .toList();
      if (matchers.isEmpty()) {
        return;
      }
      for (CrawlerContainer.Deployed deployed : CrawlerContainer.inOverlay(overlay, objects)) {
        String property = GROUPS.get(deployed.crawler().service());
        if (property == null) {
          continue;
        }
        KafkaNames names = FetcherScalingAndDrainTest.names(deployed.crawler());
        String group = names.group(deployed.crawler().required(property));
        assertThat(matchers)
            .as("%s: a %s alert on the group of %s", overlay, LAG, deployed.crawler().where())
            .anyMatch(m -> "consumergroup".equals(m.label()) && matches(m, group));
        if (deployed.crawler().service() == CrawlerService.FETCHER) {
          assertThat(matchers)
              .as("%s: a %s alert on %s", overlay, LAG, names.fetch())
              .anyMatch(m -> "topic".equals(m.label()) && matches(m, names.fetch()));
        }
      }
    });
  }

  private static boolean matches(PromQuery.LabelMatcher matcher, String value) {
    // The matcher's value as PromQL reads its string: \\ is \, \" is ".
    String text = matcher.value().replaceAll("\\\\(.)", "$1");
    return switch (matcher.operator()) {
      case "=" -> text.equals(value);
      case "=~" -> Pattern.matches(text, value);
      default -> false;
    };
  }
}
