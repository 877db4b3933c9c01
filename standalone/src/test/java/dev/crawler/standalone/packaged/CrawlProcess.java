package dev.crawler.standalone.packaged;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged standalone application (the exec jar Maven built) run as a process, the way {@code
 * ./crawl} runs it, with its output in a file for assertions.
 */
final class CrawlProcess implements AutoCloseable {

  private static final Pattern FINISHED = Pattern.compile("Crawl (\\S+) FINISHED after \\d+s");
  private static final Pattern SEARCH_ADDRESS = Pattern.compile("Search: (http://\\S+?)/\\s");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final Path output;

  private CrawlProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code java -jar standalone-exec.jar args...}; its output goes to {@code output}. */
  static CrawlProcess start(Path output, String... args) {
    return start(output, List.of(), args);
  }

  /**
   * Starts {@code java <jvmOptions> -jar standalone-exec.jar args...}: system properties ({@code
   * -Dcrawler.fetcher.total-timeout=5s}) set what the command line has no option for.
   */
  static CrawlProcess start(Path output, List<String> jvmOptions, String... args) {
    return start(output, javaCommand(jvmOptions, args));
  }

  /**
   * Starts the application as a user's terminal runs it: on a pseudo-terminal (util-linux's {@code
   * script}), so that it sees a terminal and rewrites its progress line in place.
   */
  static CrawlProcess startInTerminal(Path output, String... args) {
    String command =
        javaCommand(List.of(), args).stream()
            .map(word -> "'" + word.replace("'", "'\\''") + "'")
            .collect(java.util.stream.Collectors.joining(" "));
    return start(
        output, List.of("script", "--quiet", "--return", "--command", command, "/dev/null"));
  }

  /**
   * {@code java <options> -jar standalone-exec.jar args...}, with the JVM options {@code ./crawl}
   * passes so that the JVM prints no warnings of its own (see the script).
   */
  private static List<String> javaCommand(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return command;
  }

  private static CrawlProcess start(Path output, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
              .start();
      return new CrawlProcess(process, output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** The exec jar; failsafe names it in the {@code standalone.jar} system property. */
  static Path jar() {
    String jar = System.getProperty("standalone.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "no packaged application at standalone.jar=" + jar + ": run through mvn verify");
    }
    return Path.of(jar);
  }

  /** Waits for the process to end; its exit status. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the crawl process did not exit within " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  /**
   * Waits until the search page is served; its base address, e.g. {@code http://127.0.0.1:41234}.
   */
  String awaitServing(Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .failFast("the crawl process exited; its output is in " + output, () -> !process.isAlive())
        .until(() -> SEARCH_ADDRESS.matcher(output()).find());
    Matcher address = SEARCH_ADDRESS.matcher(output());
    address.find();
    return address.group(1);
  }

  /** Waits until the crawl this process runs has FINISHED (its summary printed); the crawl's id. */
  String awaitFinished(Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> FINISHED.matcher(output()).find());
    Matcher finished = FINISHED.matcher(output());
    finished.find();
    return finished.group(1);
  }

  /**
   * JVM options that let the fetcher's SSRF guard through to exactly these addresses (a test web's
   * loopback hosts), one /32 each, and to nothing else.
   */
  static List<String> allowOnly(Collection<String> addresses) {
    List<String> options = new ArrayList<>();
    for (String address : addresses) {
      options.add("-Dcrawler.fetcher.allowed-cidrs[" + options.size() + "]=" + address + "/32");
    }
    return options;
  }

  /** Everything the process printed so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills the process at once, as a crash or {@code kill -9} would, and waits for it to be gone.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Stops the process as Ctrl-C would (SIGTERM: the shutdown hook closes everything). */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
  }

  /** POSTs a JSON body to a URL; the response. */
  static HttpResponse<String> post(String url, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs a URL; the response body. */
  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
