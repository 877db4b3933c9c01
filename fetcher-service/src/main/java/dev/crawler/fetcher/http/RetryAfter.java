package dev.crawler.fetcher.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a Retry-After header (RFC 9110 section 10.2.3): either delay-seconds or an HTTP-date. The
 * result is capped, because a server asking for a week must not park a host for a week.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * The delay a Retry-After value asks for, at most {@code cap}; empty if absent or unreadable.
   *
   * @param value the header value, or null
   * @param now the time the response arrived
   * @param cap the longest delay returned
   */
  public static Optional<Duration> parse(String value, Instant now, Duration cap) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    Duration delay;
    if (text.chars().allMatch(Character::isDigit)) {
      delay = text.length() > 12 ? cap : Duration.ofSeconds(Long.parseLong(text));
    } else {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        delay = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.of(delay.compareTo(cap) > 0 ? cap : delay);
  }
}
