package dev.crawler.testsupport.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A web of small ordinary sites (documentation, blogs with date archives, shops with product pages)
 * some of which carry the traps real sites have, for measuring what a crawler spends in traps and
 * whether it still fetches every real page. Which requests went into traps is counted on the
 * server: every path a site does not define as a real page is a trap request.
 *
 * <p>Host {@code i} (from 0) serves a {@link SiteKind} in turn; every {@code trapEvery}-th host
 * also serves a {@link Trap} in turn, linked from its home page. A {@link Trap#MIRRORS} host is
 * served again, page for page, under {@value #MIRRORS_PER_SITE} more host names, which count
 * towards the hosts.
 */
public final class TrapWeb implements AutoCloseable {

  /** The ordinary sites. */
  public enum SiteKind {
    /** Sections and topics with literal paths and a previous/next chain. */
    DOCS,
    /** Posts under {@code /YYYY/MM/DD/slug/} with year, month and day archives of real posts. */
    BLOG,
    /** Categories with a second page, and product pages {@code /product/<id>-<slug>}. */
    SHOP
  }

  /** The traps, each served beside an ordinary site. */
  public enum Trap {
    /** {@code /calendar/YYYY/MM/DD/} days, months and years linking each other forever. */
    CALENDAR,
    /** {@code /catalog?color=&size=&sort=}: every combination links every other. */
    FACETS,
    /** A directory listing whose relative links go one level deeper, without end. */
    DEEP_RELATIVE,
    /** Every unknown path answers 200 with the same "not found" page and relative links. */
    ECHO,
    /** {@code /s/<session>/...}: every page links fresh session ids in the path. */
    SESSION_PATH,
    /** The whole site again under other host names. */
    MIRRORS
  }

  /** How many other host names serve a {@link Trap#MIRRORS} site. */
  public static final int MIRRORS_PER_SITE = 2;

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ren", "sa", "tor", "vu", "wel", "xi", "yo", "zan", "bri", "cel", "dra",
    "fen", "gor", "hal", "ist", "jun", "kel", "lum", "mor", "nes", "olf", "pra", "quin", "ros",
    "sut", "tam", "ulm", "ves", "wyn"
  };
  private static final String BOILERPLATE =
      "Our community calendar lists the meetings talks workshops and open days of the club."
          + " Members may add an event at the front desk or by writing to the secretary. Events"
          + " are free unless the listing says otherwise and guests are always welcome to join"
          + " the club for an evening to see what we do and whether it suits them.";

  private final TestWeb web;
  private final Map<String, Set<String>> realPaths;
  private final Map<String, Trap> traps;
  private final Map<String, SiteKind> kinds;
  private final Map<String, String> phrases;

  private TrapWeb(
      TestWeb web,
      Map<String, Set<String>> realPaths,
      Map<String, Trap> traps,
      Map<String, SiteKind> kinds,
      Map<String, String> phrases) {
    this.web = web;
    this.realPaths = realPaths;
    this.traps = traps;
    this.kinds = kinds;
    this.phrases = phrases;
  }

  /**
   * Starts a web of {@code hosts} hosts, every {@code trapEvery}-th with a trap (0: none).
   *
   * @param hosts how many host names, mirrors included
   * @param trapEvery one host in this many carries a trap, the shapes in turn
   */
  public static TrapWeb start(int hosts, int trapEvery) {
    TestWeb.Builder builder = TestWeb.builder();
    Map<String, Set<String>> realPaths = new LinkedHashMap<>();
    Map<String, Trap> traps = new LinkedHashMap<>();
    Map<String, SiteKind> kinds = new LinkedHashMap<>();
    Map<String, String> phrases = new LinkedHashMap<>();
    int site = 0;
    int trapped = 0;
    while (realPaths.size() < hosts) {
      String host = String.format(Locale.ROOT, "h%03d.test", site);
      SiteKind kind = SiteKind.values()[site % SiteKind.values().length];
      Trap trap = null;
      if (trapEvery > 0 && site % trapEvery == trapEvery - 1) {
        trap = Trap.values()[trapped % Trap.values().length];
        if (trap == Trap.MIRRORS && realPaths.size() + 1 + MIRRORS_PER_SITE > hosts) {
          trap = Trap.CALENDAR;
        }
        trapped++;
      }
      SiteDefinition definition = new SiteDefinition(kind, trap, new Random(site));
      builder.host(host, definition::define);
      realPaths.put(host, definition.realPaths);
      kinds.put(host, kind);
      phrases.put(host, definition.homePhrase);
      if (trap != null) {
        traps.put(host, trap);
      }
      if (trap == Trap.MIRRORS) {
        for (int m = 1; m <= MIRRORS_PER_SITE; m++) {
          String mirror = String.format(Locale.ROOT, "h%03d-mirror%d.test", site, m);
          SiteDefinition copy = new SiteDefinition(kind, null, new Random(site));
          builder.host(mirror, copy::define);
          realPaths.put(mirror, copy.realPaths);
          kinds.put(mirror, kind);
          phrases.put(mirror, copy.homePhrase);
          traps.put(mirror, Trap.MIRRORS);
        }
      }
      site++;
    }
    builder.seed(realPaths.keySet().iterator().next(), "/");
    return new TrapWeb(builder.start(), realPaths, traps, kinds, phrases);
  }

  /** The test web: host overrides, URLs and the request log. */
  public TestWeb web() {
    return web;
  }

  /** The home page of every host, mirrors included: the seeds of a crawl of this web. */
  public List<String> seeds() {
    return realPaths.keySet().stream().map(host -> web.url(host, "/")).toList();
  }

  /** The hosts that serve a trap (mirror hosts included), with the trap. */
  public Map<String, Trap> traps() {
    return traps;
  }

  /** The kind of ordinary site a host serves. */
  public SiteKind kindOf(String host) {
    return kinds.get(host);
  }

  /** The first words of a host's home page text: a phrase no other site's pages contain. */
  public String phraseOf(String host) {
    return phrases.get(host);
  }

  /** The real pages of a host: paths with query, as requested. */
  public Set<String> realPaths(String host) {
    return realPaths.get(host);
  }

  /** The hosts that serve one trap. */
  public List<String> hostsWith(Trap trap) {
    return traps.entrySet().stream()
        .filter(e -> e.getValue() == trap)
        .map(e -> e.getKey())
        .toList();
  }

  /** Page requests (robots.txt apart) to a host for paths that are not real pages. */
  public long trapRequests(String host) {
    Set<String> real = realPaths.get(host);
    return web.requests().forHost(host).stream()
        .filter(r -> !r.isRobotsTxt())
        .filter(r -> !real.contains(r.path()))
        .count();
  }

  /** The real pages of a host that were never requested. */
  public List<String> missedRealPaths(String host) {
    Set<String> requested = new LinkedHashSet<>(web.requests().paths(host));
    return realPaths.get(host).stream().filter(p -> !requested.contains(p)).toList();
  }

  /** What the crawl of this web did, counted on the server. */
  public Report report() {
    long requests = 0;
    long trapRequests = 0;
    long real = 0;
    long missed = 0;
    for (String host : realPaths.keySet()) {
      requests += web.requests().forHost(host).stream().filter(r -> !r.isRobotsTxt()).count();
      trapRequests += trapRequests(host);
      real += realPaths.get(host).size();
      missed += missedRealPaths(host).size();
    }
    return new Report(realPaths.size(), traps.size(), requests, trapRequests, real, real - missed);
  }

  @Override
  public void close() {
    web.close();
  }

  /**
   * Server-side counts of a crawl of a trap web.
   *
   * @param hosts host names served
   * @param trapHosts of those, the hosts with a trap (mirrors included)
   * @param requests page requests (robots.txt apart)
   * @param trapRequests of those, requests for paths that are not real pages
   * @param realPages real pages served
   * @param realPagesFetched of those, the ones requested at least once
   */
  public record Report(
      int hosts,
      int trapHosts,
      long requests,
      long trapRequests,
      long realPages,
      long realPagesFetched) {

    /** The share of requests that went into traps. */
    public double trapShare() {
      return requests == 0 ? 0 : (double) trapRequests / requests;
    }

    /** The share of real pages fetched. */
    public double coverage() {
      return realPages == 0 ? 1 : (double) realPagesFetched / realPages;
    }
  }

  /** One host's pages: an ordinary site of a kind, and a trap linked from its home page. */
  private static final class SiteDefinition {

    private final SiteKind kind;
    private final Trap trap;
    private final Random random;
    private final Set<String> realPaths = new LinkedHashSet<>();
    private final Map<String, String> pages = new LinkedHashMap<>();
    private String homePhrase;

    SiteDefinition(SiteKind kind, Trap trap, Random random) {
      this.kind = kind;
      this.trap = trap;
      this.random = random;
      switch (kind) {
        case DOCS -> docs();
        case BLOG -> blog();
        case SHOP -> shop();
      }
    }

    void define(HostSite site) {
      site.handler(
          "/robots.txt",
          HostilePages.bytes(
              200, "text/plain", "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.UTF_8)));
      pages.forEach(site::html);
      if (trap == null || trap == Trap.MIRRORS) {
        return;
      }
      switch (trap) {
        case CALENDAR -> site.handlerUnder("/calendar/", HostilePages.endlessCalendar(BOILERPLATE));
        case FACETS -> site.handlerUnder("/catalog", HostilePages.facetedCatalog(BOILERPLATE));
        case DEEP_RELATIVE -> site.handlerUnder("/files/", HostilePages.deepListing());
        case ECHO -> site.handlerUnder("/", HostilePages.softNotFound(BOILERPLATE));
        case SESSION_PATH -> site.handlerUnder("/s/", HostilePages.sessionPath(BOILERPLATE));
        default -> throw new IllegalStateException("no handler for " + trap);
      }
    }

    private String trapLink() {
      if (trap == null) {
        return "";
      }
      return switch (trap) {
        case CALENDAR -> "<a href=\"/calendar/2026/11/04/\">events</a>";
        case FACETS -> "<a href=\"/catalog?color=red\">catalog</a>";
        case DEEP_RELATIVE -> "<a href=\"/files/\">files</a>";
        // A broken relative link, as a template with a missing base leaves them.
        case ECHO -> "<a href=\"help/faq/\">help</a>";
        case SESSION_PATH -> "<a href=\"/s/0f3c9a7b21d84e56/catalog\">members</a>";
        case MIRRORS -> "";
      };
    }

    private void docs() {
      List<String> sections = List.of("start", "guide", "reference", "operations");
      List<String> topics = new ArrayList<>();
      StringBuilder index = new StringBuilder();
      for (String section : sections) {
        StringBuilder sectionLinks = new StringBuilder();
        for (int t = 0; t < 5; t++) {
          String topic = "/docs/" + section + "/" + word() + "-" + word();
          topics.add(topic);
          sectionLinks.append(link(topic));
        }
        page("/docs/" + section + "/", "Section " + section, sectionLinks.toString());
        index.append(link("/docs/" + section + "/"));
      }
      for (int i = 0; i < topics.size(); i++) {
        String nav =
            (i > 0 ? link(topics.get(i - 1)) : "")
                + (i < topics.size() - 1 ? link(topics.get(i + 1)) : "");
        page(topics.get(i), "Topic " + topics.get(i), nav);
      }
      page("/docs/", "Documentation", index.toString());
      page("/", "Home", link("/docs/") + trapLink());
    }

    private void blog() {
      List<String> posts = new ArrayList<>();
      Map<String, List<String>> byYear = new LinkedHashMap<>();
      Map<String, List<String>> byMonth = new LinkedHashMap<>();
      Map<String, List<String>> byDay = new LinkedHashMap<>();
      LocalDate date = LocalDate.of(2024, 1, 10);
      for (int i = 0; i < 12; i++) {
        date = date.plusDays(20 + random.nextInt(40));
        String day =
            String.format(
                Locale.ROOT,
                "/%04d/%02d/%02d/",
                date.getYear(),
                date.getMonthValue(),
                date.getDayOfMonth());
        String post = day + word() + "-" + word() + "/";
        posts.add(post);
        byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(post);
        byMonth.computeIfAbsent(day.substring(0, 9), d -> new ArrayList<>()).add(day);
        byYear
            .computeIfAbsent(day.substring(0, 6), d -> new ArrayList<>())
            .add(day.substring(0, 9));
      }
      for (int i = 0; i < posts.size(); i++) {
        String nav =
            (i > 0 ? link(posts.get(i - 1)) : "")
                + (i < posts.size() - 1 ? link(posts.get(i + 1)) : "")
                + link(posts.get(i).substring(0, 9));
        page(posts.get(i), "Post " + i, nav);
      }
      byDay.forEach((day, list) -> page(day, "Posts of " + day, links(list)));
      byMonth.forEach((month, days) ->
          page(month, "Archive " + month, links(new ArrayList<>(new LinkedHashSet<>(days)))));
      byYear.forEach((year, months) ->
          page(year, "Archive " + year, links(new ArrayList<>(new LinkedHashSet<>(months)))));
      List<String> newest = posts.reversed();
      page("/page/2/", "Older posts", links(newest.subList(6, newest.size())));
      page(
          "/",
          "Blog",
          links(newest.subList(0, 6))
              + links(List.copyOf(byYear.keySet()))
              + link("/page/2/")
              + trapLink());
    }

    private void shop() {
      StringBuilder categories = new StringBuilder();
      for (String category : List.of("garden", "kitchen", "travel")) {
        List<String> products = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
          String product =
              "/product/" + (100 + random.nextInt(900)) + p + "-" + word() + "-" + word();
          products.add(product);
          page(product, "Product " + product, link("/category/" + category + "/"));
        }
        String first = "/category/" + category + "/";
        String second = first + "?page=2";
        page(first, "Category " + category, links(products.subList(0, 4)) + link(second));
        page(second, "Category " + category + " 2", links(products.subList(4, 8)) + link(first));
        categories.append(link(first));
      }
      page("/", "Shop", categories + trapLink());
    }

    private void page(String path, String title, String links) {
      realPaths.add(path);
      String prose = prose(80 + random.nextInt(80));
      if (path.equals("/")) {
        homePhrase = String.join(" ", List.of(prose.split(" ")).subList(0, 6));
      }
      pages.put(
          path,
          "<html><head><title>"
              + title
              + "</title></head><body><main><h1>"
              + title
              + "</h1><p>"
              + prose
              + "</p>"
              + links
              + "</main></body></html>");
    }

    private String prose(int words) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < words; i++) {
        text.append(word()).append(i % 12 == 11 ? ". " : " ");
      }
      return text.toString();
    }

    private String word() {
      int syllables = 2 + random.nextInt(2);
      StringBuilder word = new StringBuilder();
      for (int i = 0; i < syllables; i++) {
        word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      return word.toString();
    }

    private static String link(String path) {
      return " <a href=\"" + path + "\">" + path + "</a>";
    }

    private static String links(List<String> paths) {
      StringBuilder html = new StringBuilder();
      paths.forEach(path -> html.append(link(path)));
      return html.toString();
    }
  }
}
