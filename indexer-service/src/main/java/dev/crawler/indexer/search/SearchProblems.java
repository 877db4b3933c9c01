package dev.crawler.indexer.search;

import dev.crawler.indexer.index.IndexUnavailableException;
import dev.crawler.indexer.index.InvalidQueryException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns search failures into RFC 9457 problem details: 400 naming the parameter for bad input
 * (never a 500 for something the user typed), 503 while the index is unreachable.
 */
@RestControllerAdvice(assignableTypes = SearchController.class)
class SearchProblems {

  private static final Logger log = LoggerFactory.getLogger(SearchProblems.class);

  static final URI INVALID_PARAMETER = URI.create("urn:crawler:problem:invalid-parameter");
  static final URI INDEX_UNAVAILABLE = URI.create("urn:crawler:problem:index-unavailable");

  @ExceptionHandler(InvalidQueryException.class)
  ProblemDetail invalidQuery(InvalidQueryException e) {
    return invalidParameter(e.parameter(), e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return invalidParameter(
        e.getName(), e.getName() + " must be a whole number, was " + e.getValue());
  }

  @ExceptionHandler(IndexUnavailableException.class)
  ProblemDetail unavailable(IndexUnavailableException e) {
    log.warn("event=search-unavailable reason=\"{}\"", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE, "The search index cannot be reached; try again later.");
    problem.setType(INDEX_UNAVAILABLE);
    problem.setTitle("Search index unavailable");
    return problem;
  }

  private static ProblemDetail invalidParameter(String parameter, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(INVALID_PARAMETER);
    problem.setTitle("Invalid parameter: " + parameter);
    problem.setProperty("parameter", parameter);
    return problem;
  }
}
