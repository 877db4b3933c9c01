package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The frontier's container limit holds its heap, its RocksDB budget (outside the heap) and the
 * JVM's other native memory; a heap of 70 % of a 1 GiB limit plus 256 MB of RocksDB overruns it and
 * gets the container killed.
 */
class FrontierMemoryTest {

  /** Metaspace, thread stacks, direct buffers, Kafka buffers and code cache. */
  private static final long NATIVE_ALLOWANCE = 320L << 20;

  private static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");

  @TestFactory
  Stream<DynamicTest> kubernetesFrontierLimitHoldsHeapAndStateStores() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (CrawlerContainer.Deployed deployed : CrawlerContainer.inOverlay(overlay, objects)) {
        if (deployed.crawler().service() == CrawlerService.FRONTIER) {
          assertFits(
              deployed.crawler(),
              bytes(Tree.string(deployed.container(), "resources", "limits", "memory")));
        }
      }
    });
  }

  @Test
  void composeFrontierLimitHoldsHeapAndStateStores() {
    ComposeFile compose = new ComposeFile();
    compose
        .crawlerServices()
        .forEach((name, crawler) -> {
          if (crawler.service() == CrawlerService.FRONTIER) {
            String limit =
                Tree.string(compose.service(name), "deploy", "resources", "limits", "memory");
            assertThat(limit).as("memory limit of compose service %s", name).isNotNull();
            assertFits(crawler, bytes(limit));
          }
        });
  }

  private static void assertFits(CrawlerContainer frontier, long limit) {
    String options = frontier.environment().get("JDK_JAVA_OPTIONS");
    if (options == null) {
      options = DeployFiles.read(DeployFiles.dockerfile());
    }
    Matcher maxRam = MAX_RAM.matcher(options);
    assertThat(maxRam.find()).as("%s: -XX:MaxRAMPercentage", frontier.where()).isTrue();
    long heap = (long) (limit * Double.parseDouble(maxRam.group(1)) / 100);
    long stores = bytes(frontier.required("crawler.frontier.state-store-memory"));
    assertThat(heap + stores + NATIVE_ALLOWANCE)
        .as(
            "%s: heap %d MiB + state stores %d MiB + %d MiB native within the %d MiB limit",
            frontier.where(), heap >> 20, stores >> 20, NATIVE_ALLOWANCE >> 20, limit >> 20)
        .isLessThanOrEqualTo(limit);
  }

  /**
   * A size as Kubernetes (2Gi, 512M), compose (1536m, 1g) or Spring Boot (256MB, binary) writes it.
   */
  static long bytes(String size) {
    Matcher m = Pattern.compile("(\\d+)\\s*([A-Za-z]*)").matcher(size.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + size);
    }
    long amount = Long.parseLong(m.group(1));
    Map<String, Long> units =
        Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("B", 1L),
            Map.entry("k", 1L << 10),
            Map.entry("KB", 1L << 10),
            Map.entry("Ki", 1L << 10),
            Map.entry("m", 1L << 20),
            Map.entry("M", 1_000_000L),
            Map.entry("MB", 1L << 20),
            Map.entry("Mi", 1L << 20),
            Map.entry("g", 1L << 30),
            Map.entry("G", 1_000_000_000L),
            Map.entry("GB", 1L << 30),
            Map.entry("Gi", 1L << 30));
    Long unit = units.get(m.group(2));
    if (unit == null) {
      throw new IllegalArgumentException("unknown unit in " + size);
    }
    return amount * unit;
  }
}
