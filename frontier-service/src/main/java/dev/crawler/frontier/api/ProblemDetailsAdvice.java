package dev.crawler.frontier.api;

import dev.crawler.frontier.crawls.CrawlNotFoundException;
import dev.crawler.frontier.crawls.CrawlStateConflictException;
import dev.crawler.frontier.crawls.FrontierUnavailableException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the API as an RFC 9457 problem detail. Bad input is a 400 that names the offending
 * fields in {@code errors} (never a 500); Spring's own errors (unknown path, wrong method,
 * unsupported media type) keep their status through {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  static final URI INVALID_REQUEST = URI.create("urn:crawler:problem:invalid-request");
  static final URI MALFORMED_JSON = URI.create("urn:crawler:problem:malformed-json");
  static final URI TOO_LARGE = URI.create("urn:crawler:problem:request-too-large");
  static final URI CRAWL_NOT_FOUND = URI.create("urn:crawler:problem:crawl-not-found");
  static final URI STATE_CONFLICT = URI.create("urn:crawler:problem:crawl-state-conflict");
  static final URI UNAVAILABLE = URI.create("urn:crawler:problem:frontier-unavailable");

  private static final String RETRY_AFTER_SECONDS = "5";

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalid(InvalidRequestException e) {
    return invalidRequest(e.getMessage(), e.errors());
  }

  @ExceptionHandler(CrawlNotFoundException.class)
  ProblemDetail notFound(CrawlNotFoundException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setType(CRAWL_NOT_FOUND);
    problem.setTitle("Crawl not found");
    problem.setProperty("crawlId", e.crawlId());
    return problem;
  }

  @ExceptionHandler(CrawlStateConflictException.class)
  ProblemDetail conflict(CrawlStateConflictException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setType(STATE_CONFLICT);
    problem.setTitle("Not allowed in the crawl's state");
    problem.setProperty("state", e.state());
    return problem;
  }

  @ExceptionHandler(FrontierUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(FrontierUnavailableException e) {
    log.warn("event=request_unavailable reason=\"{}\"", e.getMessage(), e.getCause());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setType(UNAVAILABLE);
    problem.setTitle("Frontier unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (causeOf(e, RequestBodyTooLargeException.class) != null) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONTENT_TOO_LARGE,
              causeOf(e, RequestBodyTooLargeException.class).getMessage());
      problem.setType(TOO_LARGE);
      problem.setTitle("Request too large");
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }
    return ResponseEntity.badRequest().body(unreadable(causeOf(e, JacksonException.class)));
  }

  private static ProblemDetail unreadable(JacksonException cause) {
    if (cause == null) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.BAD_REQUEST, "a JSON request body is required");
      problem.setType(MALFORMED_JSON);
      problem.setTitle("Malformed JSON");
      return problem;
    }
    String field = fieldOf(cause);
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return invalidRequest(
          "unknown field " + field,
          List.of(
              new FieldError(
                  field, "is not a field of " + simpleName(unknown.getReferringClass()))));
    }
    if (cause instanceof InvalidFormatException format) {
      return invalidRequest(
          field + ": wrong value",
          List.of(
              new FieldError(
                  field,
                  "must be " + expected(format.getTargetType()) + ", was " + format.getValue())));
    }
    if (cause instanceof MismatchedInputException mismatch && !field.isEmpty()) {
      return invalidRequest(
          field + ": wrong type",
          List.of(new FieldError(field, "must be " + expected(mismatch.getTargetType()))));
    }
    String where =
        cause instanceof StreamReadException && cause.getLocation() != null
            ? " at line "
                + cause.getLocation().getLineNr()
                + ", column "
                + cause.getLocation().getColumnNr()
            : "";
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "the body is not valid JSON of the expected shape" + where);
    problem.setType(MALFORMED_JSON);
    problem.setTitle("Malformed JSON");
    if (!field.isEmpty()) {
      problem.setProperty("errors", List.of(new FieldError(field, "cannot be read")));
    }
    return problem;
  }

  private static ProblemDetail invalidRequest(String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(INVALID_REQUEST);
    problem.setTitle("Invalid request");
    problem.setProperty("errors", errors);
    return problem;
  }

  /** The JSON path of the field a Jackson error is about, such as {@code seeds[1]}. */
  private static String fieldOf(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "a " + simpleName(type).toLowerCase(Locale.ROOT);
  }

  private static String simpleName(Class<?> type) {
    return type == null ? "the request" : type.getSimpleName();
  }

  private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
