package dev.crawler.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the real servers tests run against, written by the build from the parent pom. */
public final class ServerVersions {

  private static final Properties VERSIONS = load();

  private ServerVersions() {}

  /** The Kafka version of the clients, and so of the broker image. */
  public static String kafka() {
    return get("kafka.version");
  }

  /** The Elasticsearch Java client version, and so of the server image under Docker. */
  public static String elasticsearchImage() {
    return get("elasticsearch.image.version");
  }

  /** The version of Maven Central's integ-test-zip used without Docker. */
  public static String elasticsearchIntegTestZip() {
    return get("elasticsearch.integ-test.version");
  }

  private static String get(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.startsWith("@")) {
      throw new IllegalStateException("versions.properties lacks a filtered " + key);
    }
    return value;
  }

  private static Properties load() {
    try (InputStream in = ServerVersions.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from crawler-test-support");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
