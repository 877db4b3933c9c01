package dev.crawler.standalone;

import dev.crawler.fetcher.FetcherApplication;
import dev.crawler.frontier.FrontierApplication;
import dev.crawler.indexer.IndexerApplication;
import dev.crawler.parser.ParserApplication;
import dev.crawler.standalone.cli.CrawlCommandLine;
import dev.crawler.standalone.cli.CrawlOptions;
import dev.crawler.standalone.cli.UsageException;
import dev.crawler.standalone.run.ControlApiAccess;
import dev.crawler.standalone.run.StandaloneRun;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The whole crawler in one Spring context: frontier, fetcher, parser and indexer, each composed
 * exactly as its own application composes it (its component scan, configuration-properties scan and
 * auto-configuration), so the standalone mode runs the distributed code paths, on one web server.
 * Defaults live in {@code standalone.yaml}, which overrides the services' own files.
 */
@SpringBootApplication
@Import({
  FrontierApplication.class,
  FetcherApplication.class,
  ParserApplication.class,
  IndexerApplication.class
})
public class StandaloneApplication {

  /**
   * The configuration files, lowest precedence first: a later name overrides an earlier one, so
   * {@code standalone.yaml} overrides every service's defaults and an {@code application.yaml}
   * beside the jar overrides them all.
   */
  static final String CONFIG_NAMES = "frontier,fetcher,parser,indexer,standalone,application";

  /** Exit status of a command line that cannot be run. */
  private static final int USAGE_ERROR = 2;

  /** The application with its configuration file names set. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(StandaloneApplication.class)
        .properties("spring.config.name=" + CONFIG_NAMES);
  }

  /** {@code ./crawl [options] URL...}; see {@link CrawlCommandLine#USAGE}. */
  public static void main(String[] args) {
    CrawlOptions options;
    ControlApiAccess access;
    try {
      options = CrawlCommandLine.parse(args);
      if (options.help()) {
        System.out.print(CrawlCommandLine.USAGE);
        return;
      }
      access = ControlApiAccess.of(options, System.getenv());
    } catch (UsageException e) {
      System.err.println("crawl: " + e.getMessage());
      System.err.println("Run ./crawl --help for the options.");
      System.exit(USAGE_ERROR);
      return;
    }
    // Without an exit status the process keeps serving until stopped; its shutdown hook closes it.
    new StandaloneRun(options, access, application(), System.out).run().ifPresent(System::exit);
  }
}
