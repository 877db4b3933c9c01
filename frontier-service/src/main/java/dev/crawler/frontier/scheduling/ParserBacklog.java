package dev.crawler.frontier.scheduling;

import dev.crawler.common.kafka.ConsumerGroupLag;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Fetched pages the parser has not finished: records of {@code crawl.fetched} its consumer group
 * has not committed. Their links are still to come, so a crawl must not be declared finished while
 * any of its pages may be among them, however long the parser is away.
 *
 * <p>Measured against a mark (the topic's end offsets when the crawl first looked finished), so
 * pages that other crawls fetch meanwhile do not hold this one back.
 */
final class ParserBacklog implements AutoCloseable {

  /**
   * The Kafka Streams setting under which {@link FrontierStreams} hands the parser's group to the
   * processor; without it (a topology test) nothing is checked.
   */
  static final String GROUP_CONFIG = "crawler.frontier.parser-consumer-group";

  /** Asked on a stream thread: short, so a slow broker cannot stall releases for long. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ConsumerGroupLag lag;
  private final String group;
  private final String fetched;

  private ParserBacklog(ConsumerGroupLag lag, String group, String fetched) {
    this.lag = lag;
    this.group = group;
    this.fetched = fetched;
  }

  /**
   * The backlog of the group named in the Streams settings (the install's, prefix applied), if one
   * is named.
   *
   * @param fetched the install's {@code crawl.fetched}
   */
  static Optional<ParserBacklog> from(Map<String, Object> streamsConfig, String fetched) {
    if (streamsConfig.get(GROUP_CONFIG) instanceof String group && !group.isBlank()) {
      return Optional.of(
          new ParserBacklog(new ConsumerGroupLag(streamsConfig, TIMEOUT), group, fetched));
    }
    return Optional.empty();
  }

  /**
   * Where {@code crawl.fetched} ends now.
   *
   * @throws IllegalStateException if Kafka does not answer
   */
  Map<TopicPartition, Long> mark() {
    return lag.endOffsets(fetched);
  }

  /**
   * The pages before the mark the parser has not finished.
   *
   * @throws IllegalStateException if Kafka does not answer
   */
  long behind(Map<TopicPartition, Long> mark) {
    return lag.behind(group, mark);
  }

  String group() {
    return group;
  }

  @Override
  public void close() {
    lag.close();
  }
}
