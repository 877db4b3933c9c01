package dev.crawler.testsupport.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The generated site of {@link TestWeb#startDefault()}: three hosts, about 25 resources, built to
 * exercise every rule of a polite crawl. From the seed {@code http://alpha.test:PORT/}:
 *
 * <ul>
 *   <li><b>alpha.test</b>: robots.txt disallows {@code /private/} (and the home page links to
 *       {@code /private/secret}) and names {@code /sitemap.xml}, which lists {@code
 *       /hidden/orphan}, a page no link leads to; {@code /old-news} redirects (301) to {@code
 *       /news/latest}, which is linked from nowhere else; {@code /missing} answers 404; {@code
 *       /notes.txt} is text/plain, {@code /files/brochure.pdf} is a PDF.
 *   <li><b>beta.test</b>: robots.txt has {@code Crawl-delay: 0.2} (200 ms as crawler-commons reads
 *       it) and disallows {@code /drafts/}; {@code /logo.png} is an image; {@code /partners} is
 *       linked only from gamma.test.
 *   <li><b>gamma.test</b>: linked only from alpha.test's {@code /products/rocket-skates};
 *       robots.txt disallows {@code /admin/}.
 * </ul>
 *
 * <p>Every HTML and text page has a title, a meta description, headings, paragraphs, a unique term
 * ({@link TestPage#uniqueTerm()}) and the shared term {@link #SHARED_TERM}.
 */
public final class DefaultSite {

  /** A word on every HTML and text page of the default site, and nowhere else. */
  public static final String SHARED_TERM = "plenthrix";

  public static final String ALPHA = "alpha.test";
  public static final String BETA = "beta.test";
  public static final String GAMMA = "gamma.test";

  private static final String[] SYLLABLES_A = {"quor", "blin", "zeph", "mul", "trask", "vorn"};
  private static final String[] SYLLABLES_B = {"vax", "trop", "rix", "dron", "quel"};

  private static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
  private static final String PDF =
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
          + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
          + "trailer << /Root 1 0 R >>\n%%EOF\n";

  private int termCount;

  private DefaultSite() {}

  static TestWeb.Builder define(TestWeb.Builder builder) {
    DefaultSite site = new DefaultSite();
    return builder
        .host(ALPHA, site::alpha)
        .host(BETA, site::beta)
        .host(GAMMA, site::gamma)
        .seed(ALPHA, "/");
  }

  private void alpha(HostSite host) {
    host.robots(
        """
        User-agent: *
        Disallow: /private/

        Sitemap: http://alpha.test:{port}/sitemap.xml
        """);
    html(
        host,
        "/",
        "Alpha Tools Home",
        "the alpha workshop front page",
        List.of(
            link("/about", "About us"),
            link("/products/", "Products"),
            link("/blog/", "Blog"),
            link("/old-news", "News (moved)"),
            link("/private/secret", "Staff only"),
            link("/missing", "A page that is gone"),
            link("/notes.txt", "Plain notes"),
            link("/files/brochure.pdf", "Brochure (PDF)"),
            link("http://beta.test:{port}/", "Our friends at Beta")));
    html(
        host,
        "/about",
        "About Alpha",
        "the people behind the workshop",
        List.of(link("/", "Home")));
    html(
        host,
        "/products/",
        "Alpha Products",
        "everything the workshop sells",
        List.of(link("/products/anvil", "Anvil"), link("/products/rocket-skates", "Skates")));
    html(
        host,
        "/products/anvil",
        "The Alpha Anvil",
        "a heavy anvil for careful smiths",
        List.of(link("/products/", "All products")));
    html(
        host,
        "/products/rocket-skates",
        "Alpha Rocket Skates",
        "skates with a rocket strapped on",
        List.of(link("http://gamma.test:{port}/reviews/rocket-skates", "Read the review")));
    html(
        host,
        "/blog/",
        "Alpha Blog",
        "notes from the workshop floor",
        List.of(link("/blog/first-post", "First post"), link("/blog/second-post", "Second")));
    html(
        host,
        "/blog/first-post",
        "First Post",
        "how the workshop began",
        List.of(link("/blog/", "Blog")));
    html(host, "/blog/second-post", "Second Post", "a year of anvils", List.of(link("/", "Home")));
    host.redirect("/old-news", 301, "/news/latest");
    html(host, "/news/latest", "Latest News", "the workshop moved its news", List.of());
    html(
        host,
        "/private/secret",
        "Staff Secrets",
        "what robots.txt keeps from crawlers",
        List.of(link("/private/more", "More secrets")));
    host.page("/missing", 404, "text/html; charset=utf-8", "<html><body>Gone</body></html>");
    text(host, "/notes.txt");
    host.page(
        "/files/brochure.pdf", 200, "application/pdf", PDF.getBytes(StandardCharsets.US_ASCII));
    host.page(
        "/sitemap.xml",
        "application/xml",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>http://alpha.test:{port}/</loc></url>
          <url><loc>http://alpha.test:{port}/about</loc></url>
          <url><loc>http://alpha.test:{port}/hidden/orphan</loc></url>
        </urlset>
        """);
    html(host, "/hidden/orphan", "Orphan Page", "a page only the sitemap knows", List.of());
  }

  private void beta(HostSite host) {
    host.robots(
        """
        User-agent: *
        Crawl-delay: 0.2
        Disallow: /drafts/
        """);
    html(
        host,
        "/",
        "Beta Docs Home",
        "documentation for beta gadgets",
        List.of(
            link("/docs/", "Documentation"),
            link("/drafts/plan", "Draft plan"),
            link("/logo.png", "Logo"),
            link("http://alpha.test:{port}/about", "About Alpha")));
    html(
        host,
        "/docs/",
        "Beta Documentation",
        "the index of beta manuals",
        List.of(link("/docs/intro", "Introduction"), link("/docs/setup", "Setup")));
    html(
        host,
        "/docs/intro",
        "Introduction",
        "what beta gadgets do",
        List.of(link("/docs/", "Docs")));
    html(
        host, "/docs/setup", "Setup Guide", "installing a beta gadget", List.of(link("/", "Home")));
    html(host, "/drafts/plan", "Draft Plan", "an unfinished plan", List.of());
    host.page("/logo.png", 200, "image/png", PNG);
    html(
        host, "/partners", "Beta Partners", "who works with beta", List.of(link("/", "Beta home")));
  }

  private void gamma(HostSite host) {
    host.robots(
        """
        User-agent: *
        Disallow: /admin/
        """);
    html(
        host,
        "/",
        "Gamma Reviews Home",
        "independent reviews of gadgets",
        List.of(link("/reviews/", "Reviews"), link("/admin/", "Admin")));
    html(
        host,
        "/reviews/",
        "Gamma Reviews",
        "all the reviews",
        List.of(
            link("/reviews/rocket-skates", "Rocket skates"),
            link("/reviews/anvil", "Anvil"),
            link("/", "Home")));
    html(
        host,
        "/reviews/rocket-skates",
        "Review: Rocket Skates",
        "fast but hard to stop",
        List.of(
            link("/reviews/", "More reviews"),
            link("http://beta.test:{port}/partners", "Partners")));
    html(
        host,
        "/reviews/anvil",
        "Review: Anvil",
        "solid and heavy",
        List.of(link("/reviews/", "Reviews")));
    html(host, "/admin/", "Gamma Admin", "the admin console", List.of());
  }

  private void text(HostSite host, String path) {
    String term = term();
    host.text(
        path,
        "Alpha notes\n\nPlain text notes about %s and %s.\n".formatted(term, SHARED_TERM),
        term);
  }

  private record Link(String href, String text) {}

  private static Link link(String href, String text) {
    return new Link(href, text);
  }

  private String term() {
    int n = termCount++;
    return SYLLABLES_A[n % SYLLABLES_A.length]
        + SYLLABLES_B[(n / SYLLABLES_A.length) % SYLLABLES_B.length]
        + (17 + n);
  }

  /** Registers an HTML page built from a title, a topic and links. */
  private void html(HostSite host, String path, String title, String topic, List<Link> links) {
    String term = term();
    StringBuilder list = new StringBuilder();
    for (Link link : links) {
      list.append("      <li><a href=\"")
          .append(link.href())
          .append("\">")
          .append(link.text())
          .append("</a></li>\n");
    }
    String html =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>%1$s</title>
          <meta name="description" content="%1$s: %2$s.">
        </head>
        <body>
          <h1>%1$s</h1>
          <p>This page is about %2$s. Its own word is %3$s, found on no other page.</p>
          <h2>More to read</h2>
          <p>Every page of this test web mentions %4$s, so a search for it finds them all.</p>
          <nav>
            <ul>
        %5$s    </ul>
          </nav>
        </body>
        </html>
        """
            .formatted(title, topic, term, SHARED_TERM, list);
    host.html(path, html, term);
  }
}
