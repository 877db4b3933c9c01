package dev.crawler.frontier.api;

import java.util.List;

/** A request whose fields break the rules; answered with 400 and every offending field. */
final class InvalidRequestException extends RuntimeException {

  private final List<FieldError> errors;

  InvalidRequestException(List<FieldError> errors) {
    super(
        String.join(
            "; ", errors.stream().map(error -> error.field() + ": " + error.message()).toList()));
    this.errors = List.copyOf(errors);
  }

  List<FieldError> errors() {
    return errors;
  }
}
