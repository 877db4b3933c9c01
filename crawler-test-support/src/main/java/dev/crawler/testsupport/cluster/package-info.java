/**
 * The distributed crawler as separate OS processes, for failure tests and benchmarks: {@link
 * dev.crawler.testsupport.cluster.CrawlCluster} starts a Kafka broker process and the four services
 * from their executable jars against an Elasticsearch (or Lucene), and kills, stops, restarts and
 * scales them; {@link dev.crawler.testsupport.cluster.CrawlApi} posts crawls and follows them;
 * {@link dev.crawler.testsupport.cluster.ProcessUsage} reads a process's CPU time and peak memory;
 * {@link dev.crawler.testsupport.cluster.GeneratedWeb} serves a test web of any size.
 */
package dev.crawler.testsupport.cluster;
