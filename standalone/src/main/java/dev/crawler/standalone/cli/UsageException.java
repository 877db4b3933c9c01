package dev.crawler.standalone.cli;

/** A command line that cannot be run; the message names the option and what is wrong with it. */
public final class UsageException extends Exception {

  public UsageException(String message) {
    super(message);
  }
}
