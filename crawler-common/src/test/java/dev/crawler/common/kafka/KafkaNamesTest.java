package dev.crawler.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.url.PolitenessKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaNamesTest {

  @Test
  void withoutAPrefixTheNamesAreTodays() {
    KafkaNames names = KafkaNames.NONE;

    assertThat(
            List.of(
                names.jobs(),
                names.urls(),
                names.fetch(),
                names.outcomes(),
                names.fetched(),
                names.documents(),
                names.indexed(),
                names.dlq()))
        .containsExactly(
            Topics.JOBS,
            Topics.URLS,
            Topics.FETCH,
            Topics.OUTCOMES,
            Topics.FETCHED,
            Topics.DOCUMENTS,
            Topics.INDEXED,
            Topics.DLQ);
    assertThat(names.group("fetcher")).isEqualTo("fetcher");
    assertThat(names.all(12, (short) 3)).isEqualTo(Topics.all(12, (short) 3));
    assertThat(new KafkaNames(null)).isEqualTo(KafkaNames.NONE);
  }

  @Test
  void aPrefixGoesBeforeEveryTopicGroupAndApplicationId() {
    KafkaNames names = new KafkaNames("team-a.");

    assertThat(names.jobs()).isEqualTo("team-a.crawl.jobs");
    assertThat(names.urls()).isEqualTo("team-a.crawl.urls");
    assertThat(names.fetch()).isEqualTo("team-a.crawl.fetch");
    assertThat(names.outcomes()).isEqualTo("team-a.crawl.outcomes");
    assertThat(names.fetched()).isEqualTo("team-a.crawl.fetched");
    assertThat(names.documents()).isEqualTo("team-a.crawl.documents");
    assertThat(names.indexed()).isEqualTo("team-a.crawl.indexed");
    assertThat(names.dlq()).isEqualTo("team-a.crawl.dlq");
    assertThat(names.topic("crawl.frontier-progress")).isEqualTo("team-a.crawl.frontier-progress");
    assertThat(names.group("fetcher")).isEqualTo("team-a.fetcher");
    assertThat(names.group("crawler-frontier")).isEqualTo("team-a.crawler-frontier");
  }

  @Test
  void theTopicsOfAnInstallAreTheCrawlTopicsUnderItsNamesWithTheSameShapes() {
    List<Topics.TopicSpec> plain = Topics.all(6, (short) 3);
    List<Topics.TopicSpec> prefixed = new KafkaNames("b_").all(6, (short) 3);

    assertThat(prefixed).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      Topics.TopicSpec topic = prefixed.get(i);
      assertThat(topic.name()).isEqualTo("b_" + plain.get(i).name());
      assertThat(topic).usingRecursiveComparison().ignoringFields("name").isEqualTo(plain.get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"team-a.", "Prod_", "x-", "2026.eu-west-1.", "a."})
  void acceptsLegalTopicCharactersEndingInASeparator(String prefix) {
    assertThat(new KafkaNames(prefix).prefix()).isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(strings = {"team a.", "team/a.", "team:a.", "täm.", "team*.", "team-a\n."})
  void refusesCharactersKafkaDoesNotAllowInTopicNames(String prefix) {
    assertThatThrownBy(() -> new KafkaNames(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("crawler.kafka.topic-prefix may contain only")
        .hasMessageContaining("'" + prefix + "'");
  }

  @Test
  void refusesAPrefixThatDoesNotEndInASeparator() {
    assertThatThrownBy(() -> new KafkaNames("team-a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("crawler.kafka.topic-prefix must end with '.', '-' or '_'");
  }

  @Test
  void refusesAPrefixLongerThanTheBound() {
    String longest = "a".repeat(KafkaNames.MAX_PREFIX_LENGTH - 1) + ".";
    assertThat(new KafkaNames(longest).fetch()).hasSize(KafkaNames.MAX_PREFIX_LENGTH + 11);

    assertThatThrownBy(() -> new KafkaNames("a" + longest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("crawler.kafka.topic-prefix must be at most 64 characters (65)");
  }

  @Test
  void theClusterSettingsValidateThePrefixAndGiveTheInstallsNames() {
    ClusterProperties.Kafka kafka = new ClusterProperties.Kafka(12, (short) 3, "team-b-");
    assertThat(new ClusterProperties(PolitenessKey.HOST, kafka).kafka().names().fetch())
        .isEqualTo("team-b-crawl.fetch");
    assertThat(new ClusterProperties.Kafka(12, (short) 3, null).names()).isEqualTo(KafkaNames.NONE);

    assertThatThrownBy(() -> new ClusterProperties.Kafka(12, (short) 3, "team b."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crawler.kafka.topic-prefix");
  }
}
