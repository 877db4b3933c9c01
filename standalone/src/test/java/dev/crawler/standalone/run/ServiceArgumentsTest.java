package dev.crawler.standalone.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.standalone.cli.CrawlCommandLine;
import dev.crawler.standalone.cli.CrawlOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceArgumentsTest {

  private static final Path DATA = Path.of("/srv/crawl");

  @Test
  void theDefaultsPutKafkaTheFrontierAndALuceneIndexUnderTheDataDirectoryOnLoopback()
      throws Exception {
    CrawlOptions options = CrawlCommandLine.parse();

    assertThat(ServiceArguments.of(options, DATA, "127.0.0.1:9092"))
        .containsExactly(
            "--spring.kafka.bootstrap-servers=127.0.0.1:9092",
            "--server.address=127.0.0.1",
            "--server.port=8080",
            "--crawler.frontier.state-dir=/srv/crawl/frontier",
            "--crawler.indexer.backend=lucene",
            "--crawler.indexer.lucene.path=/srv/crawl/index");
  }

  @Test
  void fetcherOptionsBecomeFetcherPropertiesAndAnElasticsearchReplacesLucene() throws Exception {
    CrawlOptions options =
        CrawlCommandLine.parse(
            "--resolve",
            "a.test=127.0.0.2",
            "--resolve",
            "b.test=127.0.0.3",
            "--allow-private-networks",
            "--warc",
            "/srv/warc",
            "--user-agent",
            "bot/1 (+https://example.org/bot, contact)",
            "--elasticsearch.uris",
            "http://es:9200",
            "--bind",
            "0.0.0.0",
            "--port",
            "9000");

    assertThat(ServiceArguments.of(options, DATA, "k:9092"))
        .contains(
            "--server.address=0.0.0.0",
            "--server.port=9000",
            "--crawler.indexer.backend=elasticsearch",
            "--crawler.indexer.elasticsearch.uris=http://es:9200",
            "--crawler.fetcher.host-overrides[0]=a.test=127.0.0.2",
            "--crawler.fetcher.host-overrides[1]=b.test=127.0.0.3",
            "--crawler.fetcher.allow-private-networks=true",
            "--crawler.fetcher.warc.directory=/srv/warc",
            "--crawler.frontier.warc-available=true",
            "--crawler.frontier.defaults.warc=true",
            "--crawler.fetcher.user-agent=bot/1 (+https://example.org/bot, contact)")
        .noneMatch(argument -> argument.startsWith("--crawler.indexer.lucene"));
  }
}
