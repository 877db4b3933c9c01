package dev.crawler.deploy;

import java.util.Locale;

/**
 * Spring Boot's environment-variable form of a property name: dots become underscores, dashes and
 * list indices' brackets go, and everything is upper case (crawler.fetcher.shutdown-grace-period is
 * CRAWLER_FETCHER_SHUTDOWNGRACEPERIOD).
 */
final class RelaxedNames {

  private RelaxedNames() {}

  static String environmentName(String property) {
    return property
        .replace("-", "")
        .replace("[", ".")
        .replace("]", "")
        .replace('.', '_')
        .toUpperCase(Locale.ROOT);
  }
}
