/**
 * Real infrastructure for tests, the same with or without Docker: {@link
 * dev.crawler.testsupport.kafka.TestKafka} (a Kafka broker), {@link
 * dev.crawler.testsupport.elasticsearch.TestElasticsearch} (an Elasticsearch node) and {@link
 * dev.crawler.testsupport.web.TestWeb} (HTTP sites on loopback addresses). {@link
 * dev.crawler.testsupport.kafka.KafkaBrokerProcess} and {@link
 * dev.crawler.testsupport.elasticsearch.ElasticsearchProcess} run the servers as separate OS
 * processes for multi-process and crash tests; {@code scripts/local-infra} runs the same servers
 * for local distributed runs.
 */
package dev.crawler.testsupport;
