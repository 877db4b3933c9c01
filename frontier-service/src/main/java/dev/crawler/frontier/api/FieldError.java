package dev.crawler.frontier.api;

/**
 * One thing wrong with a request, as listed in a problem detail's {@code errors}.
 *
 * @param field the JSON path of the offending field, such as {@code seeds[2]}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
