package dev.crawler.deploy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four services, by Maven module, Spring configuration name and image. */
enum CrawlerService {
  FRONTIER("frontier-service"),
  FETCHER("fetcher-service"),
  PARSER("parser-service"),
  INDEXER("indexer-service");

  private final String module;

  CrawlerService(String module) {
    this.module = module;
  }

  String module() {
    return module;
  }

  /** The name of its configuration file and property prefix: frontier, fetcher, ... */
  String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The service an image reference names, whatever its registry and tag: the repository's last path
   * segment is the module (crawler/fetcher-service:0.1.0 is the fetcher).
   */
  static Optional<CrawlerService> ofImage(String image) {
    if (image == null) {
      return Optional.empty();
    }
    String withoutDigest = image.replaceFirst("@.*$", "");
    String lastSegment = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
    String repository = lastSegment.replaceFirst(":.*$", "");
    return Arrays.stream(values()).filter(s -> s.module.equals(repository)).findFirst();
  }

  /** The service a compose service builds, from its SERVICE build argument. */
  static Optional<CrawlerService> ofModule(String module) {
    return Arrays.stream(values()).filter(s -> s.module.equals(module)).findFirst();
  }
}
