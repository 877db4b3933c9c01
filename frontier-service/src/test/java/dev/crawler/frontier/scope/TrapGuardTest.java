package dev.crawler.frontier.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.frontier.FrontierProperties.Traps;
import org.junit.jupiter.api.Test;

class TrapGuardTest {

  private final TrapGuard guard = new TrapGuard(new Traps(100, 2, 6, 3));

  @Test
  void passesOrdinaryUrls() {
    assertThat(guard.check("http://a.test/docs/api/index.html?page=2&sort=asc")).isEmpty();
  }

  @Test
  void refusesOverlongUrls() {
    assertThat(guard.check("http://a.test/" + "x".repeat(100))).contains(Refusal.TRAP_LONG_URL);
  }

  @Test
  void refusesAPathSegmentRepeatedMoreThanAllowed() {
    assertThat(guard.check("http://a.test/a/b/a/b/")).isEmpty();
    assertThat(guard.check("http://a.test/a/b/a/b/a/")).contains(Refusal.TRAP_REPEATED_SEGMENT);
  }

  @Test
  void refusesTooManyPathSegments() {
    assertThat(guard.check("http://a.test/1/2/3/4/5/6")).isEmpty();
    assertThat(guard.check("http://a.test/1/2/3/4/5/6/7")).contains(Refusal.TRAP_DEEP_PATH);
  }

  @Test
  void refusesAQueryParameterExplosion() {
    assertThat(guard.check("http://a.test/?a=1&b=2&c=3")).isEmpty();
    assertThat(guard.check("http://a.test/?a=1&b=2&c=3&d=4"))
        .contains(Refusal.TRAP_QUERY_EXPLOSION);
  }
}
