package dev.crawler.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final ApiKeys keys =
      new ApiKeys(List.of("first-key-0123456789", "second-key-0123456789"));

  @Test
  void tellsWhichConfiguredKeyWasPresented() {
    assertThat(keys.match("first-key-0123456789")).isZero();
    assertThat(keys.match("second-key-0123456789")).isEqualTo(1);
  }

  @Test
  void refusesAnyOtherKeyIncludingPrefixesAndExtensions() {
    assertThat(keys.match("")).isEqualTo(-1);
    assertThat(keys.match("first-key")).isEqualTo(-1);
    assertThat(keys.match("first-key-0123456789x")).isEqualTo(-1);
    assertThat(keys.match("FIRST-KEY-0123456789")).isEqualTo(-1);
  }

  @Test
  void refusesAShortKeyAtStartUpNamingTheProperty() {
    assertThatThrownBy(() ->
            new ApiSecurityProperties(ApiSecurityProperties.Mode.API_KEY, List.of("short"), false))
        .hasMessageContaining("crawler.security.api-keys[0]")
        .hasMessageContaining("at least 16");
  }
}
