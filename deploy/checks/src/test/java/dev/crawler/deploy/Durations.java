package dev.crawler.deploy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Spring Boot and docker compose write them: 30s, 500ms, 2m, 1h, or ISO-8601. */
final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?");

  private Durations() {}

  /**
   * @param text the duration
   * @param defaultUnit the unit of a bare number (milliseconds for Spring Boot properties)
   */
  static Duration parse(String text, String defaultUnit) {
    String trimmed = text.strip();
    if (trimmed.startsWith("P") || trimmed.startsWith("-P")) {
      return Duration.parse(trimmed);
    }
    Matcher matcher = SIMPLE.matcher(trimmed);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? defaultUnit : matcher.group(2);
    return switch (unit) {
      case "ns" -> Duration.ofNanos(amount);
      case "us" -> Duration.ofNanos(amount * 1_000);
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("unknown unit in " + text);
    };
  }
}
