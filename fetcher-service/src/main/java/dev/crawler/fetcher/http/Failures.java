package dev.crawler.fetcher.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns the exceptions of asynchronous fetches into causes and short details for outcomes. */
public final class Failures {

  /** Details travel in every outcome message; a stack trace belongs in a log. */
  private static final int MAX_DETAIL_LENGTH = 300;

  private Failures() {}

  /** The exception inside the wrappers asynchronous code adds. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Whether an exception or one of its causes is of a type. */
  public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** A one-line description: the exception type and message, and the root cause's if different. */
  public static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (root != cause) {
      text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return text.length() <= MAX_DETAIL_LENGTH ? text : text.substring(0, MAX_DETAIL_LENGTH);
  }
}
