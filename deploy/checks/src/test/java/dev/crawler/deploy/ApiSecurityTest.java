package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every deployed frontier has a key for its crawl API (it refuses to start without one in its
 * default api-key mode), taken from a Secret or the operator's environment, never written into the
 * manifests; no deployment switches the API security off.
 */
class ApiSecurityTest {

  private static final String KEYS = "CRAWLER_SECURITY_APIKEYS";

  @TestFactory
  Stream<DynamicTest> kubernetesFrontiersReadTheirApiKeysFromASecret() {
    return Rendered.perOverlay((overlay, objects) -> {
      for (CrawlerContainer.Deployed deployed : CrawlerContainer.inOverlay(overlay, objects)) {
        CrawlerContainer crawler = deployed.crawler();
        assertSecurityOn(crawler);
        if (crawler.service() == CrawlerService.FRONTIER && usesApiKeys(crawler)) {
          Optional<Map<String, Object>> keys =
              Tree.maps(deployed.container(), "env").stream()
                  .filter(entry -> KEYS.equals(Tree.string(entry, "name")))
                  .findFirst();
          assertThat(keys).as("%s: env %s", crawler.where(), KEYS).isPresent();
          assertThat(Tree.string(keys.get(), "valueFrom", "secretKeyRef", "name"))
              .as("%s: %s comes from a Secret", crawler.where(), KEYS)
              .isNotBlank();
        }
      }
    });
  }

  @Test
  void composeTakesTheFrontiersApiKeyFromTheOperatorsEnvironment() {
    for (CrawlerContainer crawler : new ComposeFile().crawlerServices().values()) {
      assertSecurityOn(crawler);
      if (crawler.service() == CrawlerService.FRONTIER && usesApiKeys(crawler)) {
        assertThat(crawler.environment().get(KEYS))
            .as("%s: %s is a required variable, not a key in the file", crawler.where(), KEYS)
            .startsWith("${" + KEYS + ":?");
      }
    }
  }

  private static boolean usesApiKeys(CrawlerContainer crawler) {
    return crawler.required("crawler.security.mode").equalsIgnoreCase("api-key");
  }

  private static void assertSecurityOn(CrawlerContainer crawler) {
    assertThat(crawler.property("crawler.security.mode"))
        .as("%s: crawler.security.mode", crawler.where())
        .isNotEqualTo(Optional.of("none"));
  }
}
