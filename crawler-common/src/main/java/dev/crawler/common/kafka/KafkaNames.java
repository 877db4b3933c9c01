package dev.crawler.common.kafka;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names one crawler install uses in Kafka, resolved in one place from the cluster's topic
 * prefix ({@code crawler.kafka.topic-prefix}): the crawl topics of {@link Topics}, the frontier's
 * progress topic, the consumer groups and the frontier's Kafka Streams application id (and with it
 * the Streams consumer group, changelog topics and transactional ids). Each is the prefix followed
 * by the name the services are configured with, so two installs with different prefixes share a
 * Kafka cluster without reading each other's records, joining each other's groups or restoring each
 * other's state. The empty prefix (the default) gives today's names.
 *
 * @param prefix prepended to every name; empty, or legal topic characters ending in {@code .},
 *     {@code -} or {@code _}, at most {@link #MAX_PREFIX_LENGTH} of them
 */
public record KafkaNames(String prefix) {

  /** The property an operator sets the prefix with, named in every validation error. */
  public static final String PROPERTY = "crawler.kafka.topic-prefix";

  /**
   * The longest prefix. Kafka allows topic names of 249 characters; the longest name the prefix
   * starts is a Streams changelog ({@code <prefix><application id>-<store>-changelog}, 44
   * characters by default), so 64 leaves the application id room to grow.
   */
  public static final int MAX_PREFIX_LENGTH = 64;

  /** The characters Kafka allows in a topic name (and that every other name here accepts). */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

  /** Today's names: no prefix. */
  public static final KafkaNames NONE = new KafkaNames("");

  public KafkaNames {
    prefix = prefix == null ? "" : prefix;
    String problem = problem(prefix);
    if (problem != null) {
      throw new IllegalArgumentException(PROPERTY + " " + problem + ", was '" + prefix + "'");
    }
  }

  /** Why a prefix is refused, or null if it is valid. */
  private static String problem(String prefix) {
    if (prefix.isEmpty()) {
      return null;
    }
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      return "must be at most " + MAX_PREFIX_LENGTH + " characters (" + prefix.length() + ")";
    }
    if (!LEGAL.matcher(prefix).matches()) {
      return "may contain only ASCII letters, digits, '.', '_' and '-' (Kafka's topic characters)";
    }
    char last = prefix.charAt(prefix.length() - 1);
    if (last != '.' && last != '-' && last != '_') {
      // Readable names (team-a.crawl.jobs, not team-acrawl.jobs), and an ACL on the prefix
      // "team-a." cannot cover another install's "team-ab." names.
      return "must end with '.', '-' or '_' (e.g. 'team-a.')";
    }
    return null;
  }

  /** A topic of this install: the prefix and the configured name. */
  public String topic(String name) {
    return prefix + name;
  }

  /**
   * A consumer group (or the Kafka Streams application id, which is the frontier's group and the
   * start of its internal topics and transactional ids) of this install: the prefix and the
   * configured id.
   */
  public String group(String id) {
    return prefix + id;
  }

  /** {@link Topics#JOBS} of this install. */
  public String jobs() {
    return topic(Topics.JOBS);
  }

  /** {@link Topics#URLS} of this install. */
  public String urls() {
    return topic(Topics.URLS);
  }

  /** {@link Topics#FETCH} of this install. */
  public String fetch() {
    return topic(Topics.FETCH);
  }

  /** {@link Topics#OUTCOMES} of this install. */
  public String outcomes() {
    return topic(Topics.OUTCOMES);
  }

  /** {@link Topics#FETCHED} of this install. */
  public String fetched() {
    return topic(Topics.FETCHED);
  }

  /** {@link Topics#DOCUMENTS} of this install. */
  public String documents() {
    return topic(Topics.DOCUMENTS);
  }

  /** {@link Topics#INDEXED} of this install. */
  public String indexed() {
    return topic(Topics.INDEXED);
  }

  /** {@link Topics#DLQ} of this install. */
  public String dlq() {
    return topic(Topics.DLQ);
  }

  /**
   * {@link Topics#all} under this install's names.
   *
   * @param partitions the partition count of the keyed work topics
   * @param replicationFactor the replication factor of every topic
   */
  public List<Topics.TopicSpec> all(int partitions, short replicationFactor) {
    return Topics.all(partitions, replicationFactor).stream()
        .map(spec ->
            new Topics.TopicSpec(
                topic(spec.name()),
                spec.partitions(),
                spec.replicationFactor(),
                spec.compacted(),
                spec.config()))
        .toList();
  }
}
