package dev.crawler.testsupport.cluster;

/** Which index adapter the cluster's indexer writes to. */
public enum IndexBackend {
  /** An Elasticsearch process (or container), see {@code TestElasticsearch}. */
  ELASTICSEARCH,
  /** The embedded Lucene index, in the indexer's own directory under the cluster's work dir. */
  LUCENE
}
