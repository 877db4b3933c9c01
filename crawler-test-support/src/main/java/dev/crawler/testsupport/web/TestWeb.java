package dev.crawler.testsupport.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real HTTP sites on this machine for crawl tests: one server per host name, each bound to its own
 * loopback address (127.0.x.y; Linux routes all of 127/8 to the loopback interface), all on one
 * port. A crawler reaches them through a host-to-address override ({@link #resolveEntries()}) and
 * sees ordinary URLs such as {@code http://alpha.test:PORT/about}.
 *
 * <p>{@link #startDefault()} serves a generated three-host site (see {@link DefaultSite}); {@link
 * #builder()} serves the hosts and pages a test defines. {@link #pages()} says what a polite crawl
 * from the seed should find, and {@link #requests()} records every request for assertions about
 * what the crawler did and how politely.
 */
public final class TestWeb implements AutoCloseable {

  /** Placeholder for the port in bodies, robots.txt and redirect targets. */
  public static final String PORT = "{port}";

  private static final Logger log = LoggerFactory.getLogger(TestWeb.class);
  private static final int BIND_ATTEMPTS = 20;

  private final Map<String, HostSite> sites;
  private final Map<String, String> addresses;
  private final Map<String, String> hostOfAddress = new LinkedHashMap<>();
  private final int port;
  private final String seedUrl;
  private final List<HttpServer> servers;
  private final ExecutorService executor;
  private final RequestLog requests = new RequestLog();
  private final SiteGraph graph;
  private final List<TestPage> pages;

  private TestWeb(Builder builder, Bound bound) {
    this.sites = builder.sites;
    this.addresses = bound.addresses;
    bound.addresses.forEach((host, ip) -> hostOfAddress.put(ip, host));
    this.port = bound.port;
    this.servers = bound.servers;
    this.executor = bound.executor;
    String seedHost =
        builder.seedHost == null ? sites.keySet().iterator().next() : builder.seedHost;
    this.seedUrl = url(seedHost, builder.seedPath);
    this.graph = new SiteGraph(sites, port);
    this.pages = graph.pages(seedUrl);
    servers.forEach(server -> server.createContext("/", this::serve));
    servers.forEach(HttpServer::start);
    log.info("event=test_web_started port={} hosts={}", port, addresses);
  }

  /** Starts the generated default site: alpha.test (the seed), beta.test and gamma.test. */
  public static TestWeb startDefault() {
    return DefaultSite.define(builder()).start();
  }

  /** A web of the test's own hosts and pages. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port every host is served on. */
  public int port() {
    return port;
  }

  /** Host name to the loopback address it is served on, in definition order. */
  public Map<String, String> hostAddresses() {
    return addresses;
  }

  /** {@code host=ip} entries for the crawler's host override, like curl's {@code --resolve}. */
  public List<String> resolveEntries() {
    return addresses.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  /** {@code http://host:PORT/path}. */
  public String url(String host, String path) {
    if (!sites.containsKey(host)) {
      throw new IllegalArgumentException("no host " + host + " in this web: " + sites.keySet());
    }
    return "http://" + host + ":" + port + path;
  }

  /** Where a crawl of this web starts (default: the first host's {@code /}). */
  public String seedUrl() {
    return seedUrl;
  }

  /** Every defined resource with what a polite crawl from the seed makes of it. */
  public List<TestPage> pages() {
    return pages;
  }

  /** The resource at an absolute URL, if one is defined there. */
  public Optional<TestPage> page(String url) {
    return pages.stream().filter(p -> p.url().equals(url)).findFirst();
  }

  /** The pages a complete polite crawl from the seed indexes ({@link TestPage#expectedInIndex}). */
  public List<TestPage> expectedIndexablePages() {
    return pages.stream().filter(TestPage::expectedInIndex).toList();
  }

  /** The resources robots.txt forbids, reachable or not. */
  public List<TestPage> disallowedPages() {
    return pages.stream().filter(TestPage::disallowedByRobots).toList();
  }

  /** A host's robots.txt Crawl-delay as crawler-commons reads it, or zero without one. */
  public Duration crawlDelay(String host) {
    url(host, "/");
    long millis = graph.robots(host).getCrawlDelay();
    return millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO;
  }

  /** Every request received so far. */
  public RequestLog requests() {
    return requests;
  }

  /** Stops all servers at once; requests in progress are cut off. */
  @Override
  public void close() {
    servers.forEach(server -> server.stop(0));
    executor.shutdownNow();
  }

  static String withPort(String text, int port) {
    return text.replace(PORT, Integer.toString(port));
  }

  private void serve(HttpExchange exchange) throws IOException {
    String host = siteOf(exchange);
    HostSite site = sites.get(host);
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String pathAndQuery = query == null ? path : path + "?" + query;
    LoggedRequest request =
        new LoggedRequest(
            host,
            pathAndQuery,
            exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("User-Agent"),
            Instant.now(),
            System.nanoTime());
    requests.arrived(request);
    try (exchange) {
      if (!site.latency().isZero()) {
        Thread.sleep(site.latency());
      }
      HttpHandler handler = site.handlers().get(pathAndQuery);
      if (handler == null && !site.pages().containsKey(pathAndQuery)) {
        handler = site.spaceHandler(pathAndQuery);
      }
      if (handler != null) {
        handler.handle(exchange);
      } else if (pathAndQuery.equals("/robots.txt") && site.robots() != null) {
        respond(exchange, 200, "text/plain; charset=utf-8", withPort(site.robots(), port));
      } else {
        PageSpec spec = site.pages().get(pathAndQuery);
        if (spec == null) {
          respond(exchange, 404, "text/html; charset=utf-8", "<html><body>Not found</body></html>");
        } else {
          if (spec.location() != null) {
            exchange.getResponseHeaders().set("Location", withPort(spec.location(), port));
          }
          if (spec.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", spec.contentType());
          }
          send(exchange, spec.status(), spec.bodyFor(port));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      requests.completed(request, System.nanoTime());
    }
  }

  /** The Host header picks the site; a missing or unknown one falls back to the address. */
  private String siteOf(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Host");
    if (header != null) {
      String name = header.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
      if (sites.containsKey(name)) {
        return name;
      }
    }
    return hostOfAddress.get(exchange.getLocalAddress().getAddress().getHostAddress());
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean head = exchange.getRequestMethod().equals("HEAD");
    // The JDK server reads length 0 as "chunked" and -1 as "no body".
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The servers of a web, bound but not started. */
  private record Bound(
      int port, Map<String, String> addresses, List<HttpServer> servers, ExecutorService executor) {

    /**
     * Binds one server per host on 127.0.x.1, 127.0.x.2, ... all on one port, with x chosen at
     * random so parallel test JVMs rarely meet; a port or address taken meanwhile is retried.
     */
    static Bound bind(List<String> hosts) {
      if (hosts.isEmpty() || hosts.size() > 254) {
        throw new IllegalArgumentException("a test web has 1 to 254 hosts, not " + hosts.size());
      }
      // Platform threads: a request's arrival is logged as soon as the OS runs its thread. With
      // virtual threads it waited for a free carrier as well, which on a busy two-core machine
      // logged some arrivals tens of milliseconds late and made polite gaps look short.
      ExecutorService executor =
          Executors.newCachedThreadPool(
              Thread.ofPlatform().daemon().name("test-web-", 0).factory());
      IOException last = null;
      for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
        int subnet = ThreadLocalRandom.current().nextInt(1, 255);
        List<HttpServer> servers = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        int port = 0;
        try {
          for (int i = 0; i < hosts.size(); i++) {
            String ip = "127.0." + subnet + "." + (i + 1);
            HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), port), 100);
            server.setExecutor(executor);
            servers.add(server);
            port = server.getAddress().getPort();
            addresses.put(hosts.get(i), ip);
          }
          return new Bound(
              port, Collections.unmodifiableMap(addresses), List.copyOf(servers), executor);
        } catch (BindException e) {
          last = e;
          servers.forEach(server -> server.stop(0));
        } catch (IOException e) {
          servers.forEach(server -> server.stop(0));
          executor.shutdownNow();
          throw new UncheckedIOException("cannot bind test web servers", e);
        }
      }
      executor.shutdownNow();
      throw new UncheckedIOException(
          "no common free port for " + hosts.size() + " hosts after " + BIND_ATTEMPTS + " tries",
          last);
    }
  }

  /** Defines the hosts of a web; the first host defined is the seed host unless set. */
  public static final class Builder {
    private final Map<String, HostSite> sites = new LinkedHashMap<>();
    private String seedHost;
    private String seedPath = "/";

    private Builder() {}

    /** Adds a host (a name like {@code alpha.test}) and defines what it serves. */
    public Builder host(String name, Consumer<HostSite> definition) {
      String host = name.toLowerCase(Locale.ROOT);
      if (sites.containsKey(host)) {
        throw new IllegalArgumentException("host " + host + " is defined twice");
      }
      HostSite site = new HostSite(host);
      definition.accept(site);
      sites.put(host, site);
      return this;
    }

    /** Where a crawl starts, for {@link TestWeb#pages()}' reachability. */
    public Builder seed(String host, String path) {
      this.seedHost = host.toLowerCase(Locale.ROOT);
      this.seedPath = path;
      return this;
    }

    /** Binds and starts the servers. */
    public TestWeb start() {
      if (sites.isEmpty()) {
        throw new IllegalStateException("a test web needs at least one host");
      }
      if (seedHost != null && !sites.containsKey(seedHost)) {
        throw new IllegalStateException("seed host " + seedHost + " is not defined");
      }
      return new TestWeb(this, Bound.bind(List.copyOf(sites.keySet())));
    }
  }
}
