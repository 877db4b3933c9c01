package dev.crawler.frontier.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.frontier.FrontierApplication;
import dev.crawler.testsupport.kafka.TestKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frontier refuses to start with an open control API by accident. */
class ApiKeyRequiredTest {

  @TempDir Path stateDir;

  @Test
  void failsToStartWithoutAKeyNamingTheProperty() {
    assertThatThrownBy(() ->
            FrontierApplication.application()
                .run(
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                    "--crawler.frontier.state-dir=" + stateDir,
                    "--crawler.frontier.application-id=frontier-no-key-" + System.nanoTime())
                .close())
        .rootCause()
        .hasMessageContaining("crawler.security.api-keys")
        .hasMessageContaining("CRAWLER_SECURITY_APIKEYS");
  }
}
