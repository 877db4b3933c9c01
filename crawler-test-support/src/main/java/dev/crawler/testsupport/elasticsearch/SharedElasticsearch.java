package dev.crawler.testsupport.elasticsearch;

import dev.crawler.testsupport.DockerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JVM-wide {@link TestElasticsearch}, started once and stopped by a shutdown hook. */
final class SharedElasticsearch {

  private static final Logger log = LoggerFactory.getLogger(SharedElasticsearch.class);

  private static TestElasticsearch instance;
  private static RuntimeException failure;

  private SharedElasticsearch() {}

  static synchronized TestElasticsearch get() {
    if (failure != null) {
      throw new IllegalStateException("the test Elasticsearch failed to start earlier", failure);
    }
    if (instance == null) {
      try {
        instance = DockerEngine.isAvailable() ? startContainer() : startProcess();
        log.info(
            "event=test_elasticsearch_ready uri={} major={}",
            instance.httpUri(),
            instance.serverMajorVersion());
      } catch (RuntimeException e) {
        failure = e;
        throw new IllegalStateException("cannot start the test Elasticsearch", e);
      }
    }
    return instance;
  }

  private static TestElasticsearch startContainer() {
    ElasticsearchTestcontainer container = new ElasticsearchTestcontainer();
    Runtime.getRuntime().addShutdownHook(new Thread(container::close, "test-es-shutdown"));
    container.start();
    return container;
  }

  private static TestElasticsearch startProcess() {
    Path runDir;
    try {
      runDir = Files.createTempDirectory("crawler-test-es-run-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for Elasticsearch", e);
    }
    ElasticsearchProcess process = ElasticsearchProcess.create(runDir);
    // Registered before the start, so a node that fails its health check is cleaned up too.
    Runtime.getRuntime().addShutdownHook(new Thread(process::closeAndDelete, "test-es-shutdown"));
    process.start();
    return process;
  }
}
