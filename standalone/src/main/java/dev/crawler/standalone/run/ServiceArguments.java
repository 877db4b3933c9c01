package dev.crawler.standalone.run;

import dev.crawler.standalone.cli.CrawlOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The services' properties a command line sets, as Spring arguments ({@code --name=value}), which
 * take precedence over every configuration file. Crawl settings (depth, pages, scope, delay) are
 * not among them: they belong to the crawl request, not to the services.
 */
final class ServiceArguments {

  /** The broker's, the frontier's and the index's places in the data directory. */
  static final String KAFKA_DIR = "kafka";

  private static final String FRONTIER_DIR = "frontier";
  private static final String INDEX_DIR = "index";

  private ServiceArguments() {}

  /**
   * The arguments of one run.
   *
   * @param options the command line
   * @param dataDir the absolute data directory
   * @param bootstrapServers the Kafka the services talk to (embedded or given)
   */
  static String[] of(CrawlOptions options, Path dataDir, String bootstrapServers) {
    List<String> arguments = new ArrayList<>();
    arguments.add(arg("spring.kafka.bootstrap-servers", bootstrapServers));
    arguments.add(arg("server.address", options.bind()));
    arguments.add(arg("server.port", Integer.toString(options.port())));
    arguments.add(arg("crawler.frontier.state-dir", dataDir.resolve(FRONTIER_DIR).toString()));
    if (options.elasticsearchUris() == null) {
      arguments.add(arg("crawler.indexer.backend", "lucene"));
      arguments.add(arg("crawler.indexer.lucene.path", dataDir.resolve(INDEX_DIR).toString()));
    } else {
      arguments.add(arg("crawler.indexer.backend", "elasticsearch"));
      arguments.add(arg("crawler.indexer.elasticsearch.uris", options.elasticsearchUris()));
    }
    // Indexed, so that no value is split at a comma.
    int i = 0;
    for (Map.Entry<String, String> entry : options.resolve().entrySet()) {
      arguments.add(
          arg(
              "crawler.fetcher.host-overrides[" + i++ + "]",
              entry.getKey() + "=" + entry.getValue()));
    }
    if (options.allowPrivateNetworks()) {
      arguments.add(arg("crawler.fetcher.allow-private-networks", "true"));
    }
    if (options.warcDir() != null) {
      // The fetcher keeps WARC files, so the frontier accepts crawls that ask for them, and every
      // crawl of this run asks unless its request says "warc": false.
      arguments.add(
          arg("crawler.fetcher.warc.directory", options.warcDir().toAbsolutePath().toString()));
      arguments.add(arg("crawler.frontier.warc-available", "true"));
      arguments.add(arg("crawler.frontier.defaults.warc", "true"));
    }
    if (options.userAgent() != null) {
      arguments.add(arg("crawler.fetcher.user-agent", options.userAgent()));
    }
    return arguments.toArray(String[]::new);
  }

  private static String arg(String name, String value) {
    return "--" + name + "=" + value;
  }
}
