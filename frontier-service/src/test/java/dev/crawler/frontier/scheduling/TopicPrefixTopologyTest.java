package dev.crawler.frontier.scheduling;

import static dev.crawler.frontier.scheduling.FrontierHarness.crawl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.KafkaNames;
import dev.crawler.common.kafka.Topics;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.common.tracing.RecordTracer;
import dev.crawler.frontier.FrontierProperties;
import dev.crawler.frontier.TestSettings;
import dev.crawler.frontier.scheduling.FrontierHarness.Released;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code crawler.kafka.topic-prefix} set, the frontier reads and writes only its install's
 * topics: every source, sink and global store topic, the progress topic and the changelogs carry
 * the prefix, and a crawl runs on them as it does without one.
 */
class TopicPrefixTopologyTest {

  private static final KafkaNames TEAM_A = new KafkaNames("team-a.");
  private static final Map<String, Object> SETTINGS =
      Map.of(
          "crawler.frontier.host-window.lookahead", "0ms",
          "crawler.frontier.release-interval", "100ms",
          "crawler.frontier.progress-interval", "500ms");

  @TempDir Path stateDir;
  private FrontierHarness frontier;

  @AfterEach
  void close() {
    if (frontier != null) {
      frontier.close();
    }
  }

  @Test
  void everyTopicOfTheTopologyCarriesThePrefix() {
    FrontierProperties settings = TestSettings.frontier(SETTINGS);
    TopologyDescription description =
        FrontierTopology.build(
                settings,
                FrontierHarness.MODE,
                TEAM_A,
                new SchedulerMetrics(new SimpleMeterRegistry()),
                RecordTracer.NOOP)
            .describe();
    Set<String> sources = new HashSet<>();
    Set<String> sinks = new HashSet<>();
    for (TopologyDescription.GlobalStore store : description.globalStores()) {
      sources.addAll(store.source().topicSet());
    }
    for (TopologyDescription.Subtopology part : description.subtopologies()) {
      for (TopologyDescription.Node node : part.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink) {
          sinks.add(sink.topic());
        }
      }
    }

    String progress = "team-a." + settings.progressTopic();
    assertThat(sources)
        .containsExactlyInAnyOrder(
            "team-a.crawl.urls",
            "team-a.crawl.outcomes",
            "team-a.crawl.jobs",
            "team-a.crawl.indexed",
            progress);
    assertThat(sinks)
        .containsExactlyInAnyOrder(
            "team-a.crawl.fetch",
            "team-a.crawl.urls",
            "team-a.crawl.jobs",
            "team-a.crawl.dlq",
            progress);
  }

  @Test
  void aCrawlRunsOnThePrefixedTopicsAndWritesNoOther() {
    frontier = new FrontierHarness(stateDir, SETTINGS, TEAM_A);
    frontier.start(crawl("c1", "http://alpha.test/"));
    frontier.advance(Duration.ofMillis(100));

    // The harness pipes to and reads from the install's topics only.
    List<Released> released = frontier.released();
    assertThat(released).hasSize(1);
    frontier.report(released.getFirst().task(), OutcomeKind.FETCHED, 200);
    frontier.offerRaw("alpha.test", "not json".getBytes(StandardCharsets.UTF_8));
    frontier.advance(Duration.ofSeconds(1));

    assertThat(frontier.deadLetters()).hasSize(1);
    assertThat(frontier.counters("c1").fetched()).isEqualTo(1);
    Set<String> written = frontier.producedTopicNames();
    assertThat(written)
        .contains("team-a." + Topics.FETCH, "team-a." + Topics.DLQ)
        .contains("team-a." + frontier.settings.progressTopic())
        // Kafka Streams names changelogs after the application id, which carries the prefix.
        .contains("team-a.frontier-test-" + FrontierTopology.SEEN_STORE + "-changelog")
        .allSatisfy(topic -> assertThat(topic).startsWith("team-a."));
  }
}
