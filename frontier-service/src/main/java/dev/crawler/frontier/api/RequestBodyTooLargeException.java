package dev.crawler.frontier.api;

import java.io.IOException;

/** A request body beyond {@code crawler.frontier.limits.max-body-bytes}; answered with 413. */
final class RequestBodyTooLargeException extends IOException {

  RequestBodyTooLargeException(long limit) {
    super("the request body exceeds " + limit + " bytes");
  }
}
