package dev.crawler.standalone.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.standalone.cli.CrawlCommandLine;
import dev.crawler.standalone.cli.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlApiAccessTest {

  private static final String KEY = "standalone-key-0123456789";

  @Test
  void leavesTheCrawlApiOpenOnLoopbackWithoutAKey() throws Exception {
    for (String bind : new String[] {"127.0.0.1", "::1", "localhost"}) {
      ControlApiAccess access =
          ControlApiAccess.of(CrawlCommandLine.parse("--bind", bind), Map.of());

      assertThat(access.open()).isTrue();
      assertThat(access.arguments()).containsExactly("--crawler.security.mode=none");
    }
  }

  @Test
  void requiresAKeyAsSoonAsItBindsElsewhere() {
    for (String bind : new String[] {"0.0.0.0", "::", "192.168.1.10"}) {
      assertThatThrownBy(
              () -> ControlApiAccess.of(CrawlCommandLine.parse("--bind", bind), Map.of()))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("--bind " + bind)
          .hasMessageContaining("--api-key")
          .hasMessageContaining("CRAWLER_SECURITY_APIKEYS");
    }
    assertThatThrownBy(
            () -> ControlApiAccess.of(CrawlCommandLine.parse("--api-key", "short"), Map.of()))
        .hasMessageContaining("--api-key must be at least 16 characters");
  }

  @Test
  void protectsTheCrawlApiWithAKeyGivenAsOptionOrInTheEnvironment() throws Exception {
    ControlApiAccess byOption =
        ControlApiAccess.of(
            CrawlCommandLine.parse("--bind", "0.0.0.0", "--api-key", KEY), Map.of());
    ControlApiAccess byEnvironment =
        ControlApiAccess.of(
            CrawlCommandLine.parse("--bind", "0.0.0.0"), Map.of("CRAWLER_SECURITY_APIKEYS", KEY));
    ControlApiAccess onLoopback =
        ControlApiAccess.of(CrawlCommandLine.parse("--api-key", KEY), Map.of());

    assertThat(byOption.open()).isFalse();
    assertThat(byOption.arguments()).containsExactly("--crawler.security.api-keys=" + KEY);
    assertThat(byEnvironment.open()).isFalse();
    assertThat(byEnvironment.arguments()).isEmpty();
    assertThat(onLoopback.open()).isFalse();
  }
}
