package dev.crawler.standalone.cli;

import dev.crawler.common.messages.Scope;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user asked the {@code crawl} command for.
 *
 * @param seeds the URLs to crawl (empty: serve the existing data directory and resume)
 * @param maxPages the crawl's page budget, or null for the frontier's default
 * @param maxDepth the crawl's depth limit, or null for the default
 * @param scope the crawl's scope, or null for the default
 * @param delayMs the least delay between two fetches of one host, or null for the default
 * @param dataDir where the broker, the frontier state and the index live
 * @param port the HTTP port of the API and search page
 * @param bind the address the HTTP server binds to
 * @param apiKey the key the crawl API requires, or null for none given on the command line
 * @param resolve host name to address overrides, like curl's --resolve
 * @param allowPrivateNetworks whether private and loopback addresses may be fetched
 * @param userAgent the User-Agent to send, or null for the default
 * @param warcDir where to keep every request and response as WARC files, or null for nowhere
 * @param exitWhenDone whether to exit once the crawl finished and was indexed
 * @param kafkaBootstrapServers an external Kafka, or null for the embedded broker
 * @param elasticsearchUris an external Elasticsearch, or null for the embedded Lucene index
 * @param verbose whether the console shows the full log, not just progress and what needs action
 * @param help whether only the usage was asked for
 */
public record CrawlOptions(
    List<String> seeds,
    Long maxPages,
    Integer maxDepth,
    Scope scope,
    Long delayMs,
    Path dataDir,
    int port,
    String bind,
    String apiKey,
    Map<String, String> resolve,
    boolean allowPrivateNetworks,
    String userAgent,
    Path warcDir,
    boolean exitWhenDone,
    String kafkaBootstrapServers,
    String elasticsearchUris,
    boolean verbose,
    boolean help) {

  public CrawlOptions {
    seeds = List.copyOf(seeds);
    // In the order given, so the fetcher's host overrides read like the command line.
    resolve = Collections.unmodifiableMap(new LinkedHashMap<>(resolve));
  }

  /** Whether the HTTP server is reachable only from this machine. */
  public boolean bindsToLoopback() {
    return bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1");
  }
}
