package dev.crawler.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.cluster.ClusterProperties;
import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.url.PolitenessKey;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class ParserConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(ParserConfiguration.class)
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withSystemProperties("spring.config.name=parser");

  @Test
  void theDocumentedDefaultsStartTheParser() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(PageParser.class);
      assertThat(context.getBean(ParserProperties.class).links().maxPerPage()).isEqualTo(1000);
      assertThat(context.getBean(ClusterProperties.class).politenessKey())
          .isEqualTo(PolitenessKey.HOST);
    });
  }

  @Test
  void anOutOfRangeValueStopsTheStartNamingTheProperty() {
    runner
        .withPropertyValues("crawler.parser.links.max-per-page=-1")
        .run(context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("crawler.parser.links")
                .hasMessageContaining("maxPerPage"));
  }

  @Test
  void anUnknownPolitenessKeyStopsTheStart() {
    runner
        .withPropertyValues("crawler.politeness-key=PER_PAGE")
        .run(context ->
            assertThat(context).getFailure().hasStackTraceContaining("crawler.politeness-key"));
  }

  @Test
  void theTopicPrefixIsEmptyByDefaultAndBindsFromItsEnvironmentVariable() {
    runner.run(context -> assertThat(context.getBean(KafkaNames.class)).isEqualTo(KafkaNames.NONE));
    // CRAWLER_KAFKA_TOPICPREFIX, as the deployments set it.
    runner
        .withPropertyValues("crawler.kafka.topicprefix=team-a.")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(KafkaNames.class).fetched()).isEqualTo("team-a.crawl.fetched");
        });
  }

  @Test
  void anIllegalTopicPrefixStopsTheStartNamingTheProperty() {
    runner
        .withPropertyValues("crawler.kafka.topic-prefix=team a/")
        .run(context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("crawler.kafka.topic-prefix may contain only"));
  }
}
