package dev.crawler.benchmarks.e2e;

import dev.crawler.benchmarks.web.ArticleWeb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The machine's second limit: jsoup's parse-only pages per second on both cores, over the pages of
 * the benchmark's own web. Like {@code ParsingBenchmark.jsoupParseOnlyTwoThreads} (UTF-8 decoding
 * and the tree, nothing else), but over the crawled pages rather than the JMH article, measured in
 * this JVM for a fixed time after a warm-up, while nothing else of the benchmark runs.
 */
final class JsoupParseLimit {

  private static final int THREADS = 2;
  private static final int SAMPLE_PAGES = 1_000;

  private JsoupParseLimit() {}

  /** Pages per second of {@value #THREADS} threads parsing in a loop. */
  static double measure(ArticleWeb web, int port, Duration warmUp, Duration duration)
      throws InterruptedException {
    List<byte[]> bodies = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < Math.min(SAMPLE_PAGES, web.pageCount()); i++) {
      int host = i % web.hosts();
      int page = (i / web.hosts()) % web.pagesPerHost();
      bodies.add(web.body(host, page, port));
      urls.add("http://" + ArticleWeb.hostName(host) + ":" + port + ArticleWeb.path(page));
    }
    LongAdder parsed = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    long[] nodes = new long[THREADS];
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          Thread.ofPlatform()
              .name("jsoup-limit-" + t)
              .start(() -> {
                // Each thread starts elsewhere in the sample, as two parser threads would.
                int next = thread * bodies.size() / THREADS;
                long seen = 0;
                while (running.get()) {
                  int i = next++ % bodies.size();
                  Document document =
                      Jsoup.parse(new String(bodies.get(i), StandardCharsets.UTF_8), urls.get(i));
                  seen += document.childNodeSize();
                  parsed.increment();
                }
                // Publishing a result keeps the JIT from eliding the parse.
                nodes[thread] = seen;
              }));
    }
    Thread.sleep(warmUp);
    long startCount = parsed.sum();
    long start = System.nanoTime();
    Thread.sleep(duration);
    long count = parsed.sum() - startCount;
    long elapsed = System.nanoTime() - start;
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    if (Arrays.stream(nodes).sum() == 0) {
      throw new IllegalStateException("jsoup parsed no page");
    }
    return count / (elapsed / 1e9);
  }
}
