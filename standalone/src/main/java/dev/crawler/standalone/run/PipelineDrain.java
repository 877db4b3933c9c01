package dev.crawler.standalone.run;

import dev.crawler.common.kafka.ConsumerGroupLag;
import dev.crawler.common.kafka.KafkaNames;
import java.time.Duration;
import java.util.List;

/**
 * Whether what was fetched has made it into the index: the parser's group has committed every
 * record of {@code crawl.fetched} and, after that, the indexer's group every record of {@code
 * crawl.documents}. Both commit only what they have fully handled (the parser once its outputs were
 * acknowledged, the indexer once the index applied them), so a drained pipeline holds no document
 * that is still on its way. Checked in pipeline order, so the indexer's end offsets are read after
 * the parser's last outputs were written.
 */
final class PipelineDrain implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ConsumerGroupLag lag;
  private final List<Stage> stages;

  private record Stage(String group, String topic) {}

  /**
   * @param names the install's topics and groups ({@code crawler.kafka.topic-prefix} applied)
   * @param parserGroup the parser's configured consumer group
   * @param indexerGroup the indexer's configured consumer group
   */
  PipelineDrain(
      String bootstrapServers, KafkaNames names, String parserGroup, String indexerGroup) {
    this.lag = ConsumerGroupLag.of(bootstrapServers, TIMEOUT);
    this.stages =
        List.of(
            new Stage(names.group(parserGroup), names.fetched()),
            new Stage(names.group(indexerGroup), names.documents()));
  }

  /** Whether every stage has consumed its input topic to the end. */
  boolean drained() {
    for (Stage stage : stages) {
      if (lag.lag(stage.group(), stage.topic()) > 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    lag.close();
  }
}
