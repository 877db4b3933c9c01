package dev.crawler.benchmarks.web;

import dev.crawler.testsupport.web.TestWeb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A local web of realistic articles for throughput benchmarks: {@code hosts} hosts ({@code
 * site-000.test}, {@code site-001.test}, ...) of {@code pagesPerHost} HTML pages of 20 to 60 KB
 * each ({@code /p/0}, {@code /p/1}, ...): a head with title and description, a navigation menu, an
 * article of headings and paragraphs of text, and about one link per paragraph to a page of another
 * host. The pages are generated from a seed, so every run serves the same web.
 *
 * <p>A host's pages form a tree of fan-out {@value #FAN_OUT} under {@code /p/0} (the first links of
 * each page's menu), so a crawl seeded with every host's {@code /p/0} reaches every page within a
 * few hops; the other links go to random pages. Each robots.txt disallows {@code /private/}, which
 * no page links to.
 */
public final class ArticleWeb {

  /** The smallest page served, in bytes. */
  public static final int MIN_PAGE_BYTES = 20 * 1024;

  /** The largest page served (plus a closing footer of a few dozen bytes). */
  public static final int MAX_PAGE_BYTES = 60 * 1024;

  /** Child pages each page links to in its menu. */
  public static final int FAN_OUT = 4;

  private static final int MENU_LINKS = 12;
  private static final String[] WORDS = {
    "crawler", "harbour", "lantern", "meadow", "quartz", "river", "signal", "timber", "violet",
    "whistle", "anchor", "basalt", "cinder", "drift", "ember", "fjord", "granite", "hollow",
    "island", "juniper", "kestrel", "lichen", "marble", "nectar", "orchard", "pebble", "quiver",
    "rampart", "saffron", "thistle", "umber", "valley", "willow", "yarrow", "zephyr", "the", "of",
    "and", "a", "to", "in", "is", "for", "on", "with"
  };

  private final int hosts;
  private final int pagesPerHost;
  private final List<List<String>> bodies;

  private ArticleWeb(int hosts, int pagesPerHost, List<List<String>> bodies) {
    this.hosts = hosts;
    this.pagesPerHost = pagesPerHost;
    this.bodies = bodies;
  }

  /**
   * Generates the pages (not served yet).
   *
   * @param hosts 1 to 254 (one loopback address each)
   * @param pagesPerHost at least 1
   * @param seed the random seed of the text and links
   */
  public static ArticleWeb generate(int hosts, int pagesPerHost, long seed) {
    if (hosts < 1 || hosts > 254 || pagesPerHost < 1) {
      throw new IllegalArgumentException(
          "an article web has 1 to 254 hosts and at least one page per host, not "
              + hosts
              + "x"
              + pagesPerHost);
    }
    Random random = new Random(seed);
    List<List<String>> bodies = new ArrayList<>(hosts);
    for (int h = 0; h < hosts; h++) {
      List<String> pages = new ArrayList<>(pagesPerHost);
      for (int p = 0; p < pagesPerHost; p++) {
        pages.add(page(random, hosts, pagesPerHost, h, p));
      }
      bodies.add(pages);
    }
    return new ArticleWeb(hosts, pagesPerHost, List.copyOf(bodies));
  }

  /** Binds one real HTTP server per host on its own loopback address and starts serving. */
  public TestWeb start() {
    TestWeb.Builder builder = TestWeb.builder();
    for (int h = 0; h < hosts; h++) {
      List<String> pages = bodies.get(h);
      builder.host(
          hostName(h),
          site -> {
            site.robots("User-agent: *\nDisallow: /private/\n");
            for (int p = 0; p < pages.size(); p++) {
              site.html(path(p), pages.get(p));
            }
          });
    }
    return builder.seed(hostName(0), path(0)).start();
  }

  /** Every host's first page as served by {@code web}: the seeds of a crawl of the whole web. */
  public List<String> seedUrls(TestWeb web) {
    List<String> seeds = new ArrayList<>(hosts);
    for (int h = 0; h < hosts; h++) {
      seeds.add(web.url(hostName(h), path(0)));
    }
    return seeds;
  }

  public int hosts() {
    return hosts;
  }

  public int pagesPerHost() {
    return pagesPerHost;
  }

  /** Every page of the web. */
  public int pageCount() {
    return hosts * pagesPerHost;
  }

  /** The mean size of a page's HTML, in bytes (before the port is filled in). */
  public long averagePageBytes() {
    long total = 0;
    for (List<String> pages : bodies) {
      for (String page : pages) {
        total += page.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return total / pageCount();
  }

  /**
   * A page's body as served on {@code port} (links to other hosts carry the port), in UTF-8.
   *
   * @param host host index, from 0
   * @param page page index, from 0
   */
  public byte[] body(int host, int page, int port) {
    return bodies
        .get(host)
        .get(page)
        .replace(TestWeb.PORT, Integer.toString(port))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code site-007.test} for index 7. */
  public static String hostName(int index) {
    return String.format(Locale.ROOT, "site-%03d.test", index);
  }

  /** {@code /p/3} for page 3. */
  public static String path(int page) {
    return "/p/" + page;
  }

  /** An article of 20 to 60 KB: head, navigation, headings, paragraphs and about 60 links. */
  private static String page(Random random, int hosts, int pagesPerHost, int host, int number) {
    int target = MIN_PAGE_BYTES + random.nextInt(MAX_PAGE_BYTES - MIN_PAGE_BYTES + 1);
    StringBuilder html = new StringBuilder(target + 1024);
    String title = words(random, 5);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(title)
        .append("</title><meta name=\"description\" content=\"")
        .append(words(random, 20))
        .append("\"><link rel=\"stylesheet\" href=\"/static/site.css\"></head>\n<body>")
        .append("<header><nav><ul>");
    for (int i = 0; i < MENU_LINKS; i++) {
      int child = FAN_OUT * number + 1 + i;
      int linked = i < FAN_OUT && child < pagesPerHost ? child : random.nextInt(pagesPerHost);
      html.append("<li><a href=\"")
          .append(path(linked))
          .append("\">")
          .append(words(random, 2))
          .append("</a></li>");
    }
    html.append("</ul></nav></header>\n<main><article><h1>").append(title).append("</h1>\n");
    while (html.length() < target) {
      if (random.nextInt(6) == 0) {
        html.append("<h2>").append(words(random, 4)).append("</h2>\n");
      }
      html.append("<p>").append(words(random, 40 + random.nextInt(80)));
      html.append(" <a href=\"http://")
          .append(hostName(random.nextInt(hosts)))
          .append(':')
          .append(TestWeb.PORT)
          .append(path(random.nextInt(pagesPerHost)))
          .append("\">")
          .append(words(random, 3))
          .append("</a> ")
          .append(words(random, 30))
          .append(".</p>\n");
    }
    html.append("</article></main><footer><p>")
        .append(hostName(host))
        .append(" page ")
        .append(number)
        .append("</p></footer></body></html>\n");
    return html.toString();
  }

  private static String words(Random random, int count) {
    StringBuilder text = new StringBuilder(count * 7);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }
}
