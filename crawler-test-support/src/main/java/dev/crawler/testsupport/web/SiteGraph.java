package dev.crawler.testsupport.web;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a polite crawl of a {@link TestWeb} from its seed finds: it follows {@code href} links of
 * HTML pages served with 200, redirects, and the sitemaps that robots.txt names, never fetches what
 * robots.txt disallows, and stays on the web's hosts and port. robots.txt is read with
 * crawler-commons, as the crawler reads it.
 */
final class SiteGraph {

  /** The agent name robots.txt groups are matched against; test sites use {@code *} groups. */
  static final String AGENT = "crawler";

  private static final Pattern HREF = Pattern.compile("href\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern LOC = Pattern.compile("<loc>\\s*([^<\\s]+)\\s*</loc>");

  private final Map<String, HostSite> sites;
  private final int port;
  private final Map<String, BaseRobotRules> robots = new LinkedHashMap<>();

  SiteGraph(Map<String, HostSite> sites, int port) {
    this.sites = sites;
    this.port = port;
    SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
    sites.forEach((host, site) ->
        robots.put(
            host,
            site.robots() == null
                ? new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL)
                : parser.parseContent(
                    url(host, "/robots.txt"),
                    TestWeb.withPort(site.robots(), port).getBytes(StandardCharsets.UTF_8),
                    "text/plain",
                    List.of(AGENT))));
  }

  /** The robots.txt rules of a host, as crawler-commons reads them. */
  BaseRobotRules robots(String host) {
    return robots.get(host);
  }

  /** Every defined resource, with its reachability from {@code seedUrl}. */
  List<TestPage> pages(String seedUrl) {
    Set<String> withSitemaps = reachable(seedUrl, true);
    Set<String> byLinks = reachable(seedUrl, false);
    List<TestPage> pages = new ArrayList<>();
    sites.forEach((host, site) ->
        site.pages()
            .values()
            .forEach(spec -> {
              String url = url(host, spec.path());
              pages.add(
                  new TestPage(
                      url,
                      host,
                      spec.path(),
                      spec.status(),
                      spec.contentType(),
                      spec.title(),
                      spec.uniqueTerm(),
                      spec.location() == null ? null : resolve(url, spec.location()),
                      !robots.get(host).isAllowed(url),
                      withSitemaps.contains(url),
                      withSitemaps.contains(url) && !byLinks.contains(url)));
            }));
    return List.copyOf(pages);
  }

  private Set<String> reachable(String seedUrl, boolean followSitemaps) {
    Set<String> seen = new HashSet<>();
    Set<String> hostsVisited = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(seedUrl);
    while (!queue.isEmpty()) {
      String url = queue.poll();
      URI uri = URI.create(url);
      String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
      if (!sites.containsKey(host) || uri.getPort() != port || !seen.add(url)) {
        continue;
      }
      BaseRobotRules rules = robots.get(host);
      if (followSitemaps && hostsVisited.add(host)) {
        queue.addAll(rules.getSitemaps());
      }
      PageSpec spec = sites.get(host).pages().get(pathOf(uri));
      if (spec == null || !rules.isAllowed(url)) {
        continue;
      }
      if (spec.location() != null) {
        queue.add(resolve(url, spec.location()));
      } else if (spec.status() == 200 && spec.isHtml()) {
        queue.addAll(matches(HREF, url, spec));
      } else if (followSitemaps && spec.status() == 200 && spec.isText()) {
        queue.addAll(matches(LOC, url, spec));
      }
    }
    return seen;
  }

  private List<String> matches(Pattern pattern, String base, PageSpec spec) {
    List<String> urls = new ArrayList<>();
    Matcher matcher = pattern.matcher(TestWeb.withPort(spec.text(), port));
    while (matcher.find()) {
      String target = resolve(base, matcher.group(1));
      if (target.startsWith("http://")) {
        urls.add(target);
      }
    }
    return urls;
  }

  private String resolve(String base, String reference) {
    URI target = URI.create(base).resolve(TestWeb.withPort(reference, port).trim());
    String withoutFragment = target.toString();
    int hash = withoutFragment.indexOf('#');
    return hash < 0 ? withoutFragment : withoutFragment.substring(0, hash);
  }

  private String url(String host, String path) {
    return "http://" + host + ":" + port + path;
  }

  private static String pathOf(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
