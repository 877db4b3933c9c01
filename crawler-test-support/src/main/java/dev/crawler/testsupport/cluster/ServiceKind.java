package dev.crawler.testsupport.cluster;

/** The four services of the pipeline, each run from its module's executable jar. */
public enum ServiceKind {
  FRONTIER("frontier-service", "frontier"),
  FETCHER("fetcher-service", "fetcher"),
  PARSER("parser-service", "parser"),
  INDEXER("indexer-service", "indexer");

  private final String module;
  private final String shortName;

  ServiceKind(String module, String shortName) {
    this.module = module;
    this.shortName = shortName;
  }

  /** The Maven module (and artifact id) that builds the service. */
  public String module() {
    return module;
  }

  /** {@code frontier}, {@code fetcher}, ...: used in instance names and log file names. */
  public String shortName() {
    return shortName;
  }
}
