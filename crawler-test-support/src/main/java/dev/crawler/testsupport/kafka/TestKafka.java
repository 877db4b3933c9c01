package dev.crawler.testsupport.kafka;

import dev.crawler.testsupport.DockerEngine;
import dev.crawler.testsupport.ServerVersions;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one real Kafka broker of a test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>With a Docker engine it is the {@code apache/kafka} image of the clients' version (override
 * with {@code -Dcrawler.test.kafka.image}); without one, spring-kafka-test's in-JVM KRaft broker.
 * Both are single nodes with the settings of {@code TestBrokerSettings}: notably topics are
 * <em>not</em> auto-created, because every service creates its own topics at start-up, and group
 * rebalances start without delay.
 *
 * <p>Tests share the broker, so each test uses its own topic names or consumer groups (or the crawl
 * ids it creates keep their records apart).
 */
public final class TestKafka {

  private static final Logger log = LoggerFactory.getLogger(TestKafka.class);

  private static String bootstrapServers;
  private static RuntimeException failure;

  private TestKafka() {}

  /**
   * The broker's {@code host:port}, starting it on the first call; concurrent first calls wait for
   * one start.
   *
   * @throws IllegalStateException if the broker could not be started (now or on an earlier call)
   */
  public static synchronized String bootstrapServers() {
    if (failure != null) {
      throw new IllegalStateException("the test Kafka broker failed to start earlier", failure);
    }
    if (bootstrapServers == null) {
      try {
        bootstrapServers = DockerEngine.isAvailable() ? startContainer() : startInJvm();
        log.info("event=test_kafka_ready bootstrap_servers={}", bootstrapServers);
      } catch (RuntimeException e) {
        failure = e;
        throw new IllegalStateException("cannot start the test Kafka broker", e);
      }
    }
    return bootstrapServers;
  }

  private static String startInJvm() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(TestBrokerSettings.defaults());
    broker.afterPropertiesSet();
    Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "test-kafka-shutdown"));
    return broker.getBrokersAsString();
  }

  @SuppressWarnings("resource") // stopped by the shutdown hook
  private static String startContainer() {
    String image =
        System.getProperty("crawler.test.kafka.image", "apache/kafka:" + ServerVersions.kafka());
    KafkaContainer container = new KafkaContainer(image);
    for (Map.Entry<String, String> setting : TestBrokerSettings.defaults().entrySet()) {
      container.withEnv(
          "KAFKA_" + setting.getKey().toUpperCase(Locale.ROOT).replace('.', '_'),
          setting.getValue());
    }
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kafka-shutdown"));
    return container.getBootstrapServers();
  }
}
