package dev.crawler.deploy;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** The rendered overlays, parsed once per test run. */
final class Rendered {

  private static Map<String, List<KubeObject>> overlays;

  private Rendered() {}

  static synchronized Map<String, List<KubeObject>> overlays() {
    if (overlays == null) {
      Map<String, List<KubeObject>> parsed = new LinkedHashMap<>();
      DeployFiles.renderedOverlays()
          .forEach((name, documents) -> parsed.put(name, KubeObject.all(name, documents)));
      overlays = parsed;
    }
    return overlays;
  }

  /** One dynamic test per overlay, named after it. */
  static Stream<DynamicTest> perOverlay(BiConsumer<String, List<KubeObject>> check) {
    return overlays().entrySet().stream()
        .map(e -> dynamicTest(e.getKey(), () -> check.accept(e.getKey(), e.getValue())));
  }
}
