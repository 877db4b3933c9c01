package dev.crawler.fetcher.address;

import static dev.crawler.fetcher.TestFetchers.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.common.messages.FetchOutcome;
import dev.crawler.common.messages.OutcomeKind;
import dev.crawler.fetcher.TestFetchers;
import dev.crawler.fetcher.task.TaskResult;
import dev.crawler.testsupport.web.TestWeb;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard with its defaults: only the test web's public-facing host is allowed (by a /32
 * allow-list entry); everything else on loopback, link-local and so on is refused before a
 * connection is made.
 */
class SsrfGuardTest {

  private static TestWeb web;
  private static TestFetchers fetchers;

  @BeforeAll
  static void start() {
    web =
        TestWeb.builder()
            .host(
                "public.test",
                site ->
                    site.html("/", "<html>fine</html>")
                        .redirect("/jump", 302, "http://internal.test:{port}/admin"))
            .host("internal.test", site -> site.html("/admin", "<html>secret</html>"))
            .start();
    String publicAddress = web.hostAddresses().get("public.test");
    fetchers =
        TestFetchers.start(
            Map.of(
                "crawler.fetcher.allowed-cidrs",
                publicAddress + "/32",
                "crawler.fetcher.host-overrides",
                String.join(",", web.resolveEntries()),
                "crawler.fetcher.connect-timeout",
                "1s",
                "crawler.fetcher.total-timeout",
                "3s"));
  }

  @AfterAll
  static void stop() throws Exception {
    fetchers.close();
    web.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:{port}/",
        "http://[::1]:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0x7f000001:{port}/",
        "http://2130706433:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://localhost:{port}/",
        "http://internal.test:{port}/admin",
      })
  void refusesNonPublicAddressesBeforeConnecting(String url) {
    FetchOutcome outcome = process(url.replace("{port}", Integer.toString(web.port())));

    assertThat(outcome.kind()).isEqualTo(OutcomeKind.BLOCKED_ADDRESS);
    assertThat(web.requests().forHost("internal.test")).isEmpty();
  }

  @Test
  void sendsARedirectToAPrivateAddressBackAsACandidateThatIsRefusedWhenFetched() {
    TaskResult jump =
        fetchers
            .pipeline()
            .process(task(web.url("public.test", "/jump")))
            .orTimeout(10, TimeUnit.SECONDS)
            .join();

    assertThat(jump.outcome().kind()).isEqualTo(OutcomeKind.REDIRECTED);
    String target = jump.redirect().orElseThrow().url();
    assertThat(target).isEqualTo(web.url("internal.test", "/admin"));

    assertThat(process(target).kind()).isEqualTo(OutcomeKind.BLOCKED_ADDRESS);
    assertThat(web.requests().forHost("internal.test")).isEmpty();
  }

  @Test
  void fetchesFromAnAllowListedAddress() {
    assertThat(process(web.url("public.test", "/")).kind()).isEqualTo(OutcomeKind.FETCHED);
  }

  private static FetchOutcome process(String url) {
    return fetchers.pipeline().process(task(url)).orTimeout(10, TimeUnit.SECONDS).join().outcome();
  }
}
