package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.kafka.KafkaNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fetchers scale on the right signal within the partition count, and a stopping fetcher has the
 * time to drain: the platform's grace period outlasts crawler.fetcher.shutdown-grace-period.
 */
class FetcherScalingAndDrainTest {

  private static final String DRAIN = "crawler.fetcher.shutdown-grace-period";
  private static final String SHUTDOWN_PHASE = "spring.lifecycle.timeout-per-shutdown-phase";

  /** Spring Boot's default of spring.lifecycle.timeout-per-shutdown-phase. */
  private static final String DEFAULT_SHUTDOWN_PHASE = "30s";

  /** Time for the JVM to stop after the drain: context close, producer flush, exit. */
  private static final Duration MARGIN = Duration.ofSeconds(10);

  @TestFactory
  Stream<DynamicTest> kubernetesGivesFetchersTimeToDrain() {
    return Rendered.perOverlay((overlay, objects) -> {
      CrawlerContainer.Deployed fetcher = fetcher(overlay, objects);
      Duration drain = Durations.parse(fetcher.crawler().required(DRAIN), "ms");
      Duration grace =
          Duration.ofSeconds(
              Long.parseLong(
                  Tree.string(fetcher.workload().podSpec(), "terminationGracePeriodSeconds")));
      assertThat(grace)
          .as(
              "terminationGracePeriodSeconds of %s versus %s=%s",
              fetcher.workload().id(), DRAIN, drain)
          .isGreaterThanOrEqualTo(drain.plus(MARGIN));
      assertShutdownPhaseFits(fetcher.crawler(), drain);
    });
  }

  @Test
  void composeGivesFetchersTimeToDrain() {
    Map<String, Object> service = new ComposeFile().service("fetcher");
    CrawlerContainer fetcher = new ComposeFile().crawlerServices().get("fetcher");
    Duration drain = Durations.parse(fetcher.required(DRAIN), "ms");
    String stopGrace = Tree.string(service, "stop_grace_period");
    assertThat(stopGrace)
        .as("stop_grace_period of the compose fetcher (Docker's default is 10s)")
        .isNotNull();
    assertThat(Durations.parse(stopGrace, "s"))
        .as("stop_grace_period of the compose fetcher versus %s=%s", DRAIN, drain)
        .isGreaterThanOrEqualTo(drain.plus(MARGIN));
    assertShutdownPhaseFits(fetcher, drain);
  }

  @TestFactory
  Stream<DynamicTest> autoscalersStayWithinThePartitionCount() {
    return Rendered.perOverlay((overlay, objects) -> {
      int partitions =
          Integer.parseInt(
              fetcher(overlay, objects).crawler().required("crawler.kafka.partitions"));
      for (KubeObject scaler : scalersOfFetcher(objects)) {
        String max =
            "ScaledObject".equals(scaler.kind())
                ? Tree.string(scaler.content(), "spec", "maxReplicaCount")
                : Tree.string(scaler.content(), "spec", "maxReplicas");
        assertThat(max).as("%s sets a maximum", scaler.id()).isNotNull();
        assertThat(Integer.parseInt(max))
            .as("maximum of %s versus crawler.kafka.partitions=%d", scaler.id(), partitions)
            .isBetween(1, partitions);
      }
      assertThat(scalersOfFetcher(objects))
          .as("at most one autoscaler per overlay (KEDA runs its own HPA)")
          .hasSizeLessThanOrEqualTo(1);
    });
  }

  /**
   * A workload under an autoscaler leaves spec.replicas out of the manifest: every kubectl apply or
   * GitOps sync would otherwise reset the scaled count to the manifest's, draining and rebalancing
   * fetchers each time.
   */
  @TestFactory
  Stream<DynamicTest> autoscaledWorkloadsLeaveTheirReplicaCountToTheAutoscaler() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (KubeObject scaler : scalersOfFetcher(objects)) {
        String target = Tree.string(scaler.content(), "spec", "scaleTargetRef", "name");
        objects.stream()
            .filter(o -> o.isWorkload() && o.name().equals(target))
            .forEach(workload ->
                assertThat(Tree.at(workload.content(), "spec", "replicas"))
                    .as("%s sets spec.replicas although %s scales it", workload.id(), scaler.id())
                    .isNull());
      }
    });
  }

  /** The fetchers' group and crawl.fetch, both under the install's topic prefix. */
  @TestFactory
  Stream<DynamicTest> kedaScalesOnTheLagOfTheFetcherGroupOnCrawlFetch() {
    return Rendered.perOverlay((overlay, objects) -> {
      CrawlerContainer.Deployed fetcher = fetcher(overlay, objects);
      KafkaNames names = names(fetcher.crawler());
      for (KubeObject scaler : scalersOfFetcher(objects)) {
        if (!"ScaledObject".equals(scaler.kind())) {
          continue;
        }
        List<Map<String, Object>> triggers = Tree.maps(scaler.content(), "spec", "triggers");
        assertThat(triggers).as("%s triggers", scaler.id()).isNotEmpty();
        for (Map<String, Object> trigger : triggers) {
          assertThat(Tree.string(trigger, "type")).isEqualTo("kafka");
          Map<String, Object> metadata = Tree.map(trigger, "metadata");
          assertThat(metadata)
              .as("%s trigger", scaler.id())
              .containsEntry("topic", names.fetch())
              .containsEntry(
                  "consumerGroup",
                  names.group(fetcher.crawler().required("crawler.fetcher.consumer-group")));
          Object fromEnv = metadata.get("bootstrapServersFromEnv");
          if (fromEnv != null) {
            assertThat(fetcher.environment().variables())
                .as("bootstrapServersFromEnv of %s names a fetcher variable", scaler.id())
                .containsKey(String.valueOf(fromEnv));
          } else {
            assertThat(metadata)
                .containsEntry(
                    "bootstrapServers",
                    fetcher.crawler().required("spring.kafka.bootstrap-servers"));
          }
        }
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> cpuAutoscalerHasCpuRequestsToMeasureAgainst() {
    return Rendered.perOverlay((overlay, objects) -> {
      CrawlerContainer.Deployed fetcher = fetcher(overlay, objects);
      for (KubeObject scaler : scalersOfFetcher(objects)) {
        if ("HorizontalPodAutoscaler".equals(scaler.kind())) {
          assertThat(Tree.string(fetcher.container(), "resources", "requests", "cpu"))
              .as("CPU request of %s, the base of %s", fetcher.crawler().where(), scaler.id())
              .isNotNull();
        }
      }
    });
  }

  private static void assertShutdownPhaseFits(CrawlerContainer fetcher, Duration drain) {
    Duration phase =
        Durations.parse(fetcher.property(SHUTDOWN_PHASE).orElse(DEFAULT_SHUTDOWN_PHASE), "ms");
    assertThat(phase)
        .as("%s: %s versus %s=%s", fetcher.where(), SHUTDOWN_PHASE, DRAIN, drain)
        .isGreaterThanOrEqualTo(drain);
  }

  /** A service's names in Kafka: its crawler.kafka.topic-prefix applied. */
  static KafkaNames names(CrawlerContainer crawler) {
    return new KafkaNames(crawler.property("crawler.kafka.topic-prefix").orElse(""));
  }

  private static CrawlerContainer.Deployed fetcher(String overlay, List<KubeObject> objects) {
    return CrawlerContainer.inOverlay(overlay, objects).stream()
        .filter(d -> d.crawler().service() == CrawlerService.FETCHER)
        .findFirst()
        .orElseThrow(() -> new AssertionError(overlay + " runs no fetcher"));
  }

  private static List<KubeObject> scalersOfFetcher(List<KubeObject> objects) {
    return objects.stream()
        .filter(o -> List.of("ScaledObject", "HorizontalPodAutoscaler").contains(o.kind()))
        .filter(o -> "fetcher".equals(Tree.string(o.content(), "spec", "scaleTargetRef", "name")))
        .toList();
  }
}
