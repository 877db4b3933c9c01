package dev.crawler.standalone.run;

import dev.crawler.common.security.ApiSecurityProperties;
import dev.crawler.standalone.cli.CrawlOptions;
import dev.crawler.standalone.cli.UsageException;
import java.util.List;
import java.util.Map;

/**
 * Whether a run's crawl API needs a key. Bound to loopback, only this machine's users and processes
 * reach the server, so without a key the API stays open (with a warning); bound to any other
 * address, a key is required before anything starts.
 */
public final class ControlApiAccess {

  /** The services' own variable for their keys ({@code crawler.security.api-keys}). */
  static final String KEYS_VARIABLE = "CRAWLER_SECURITY_APIKEYS";

  private final boolean open;
  private final List<String> arguments;

  private ControlApiAccess(boolean open, List<String> arguments) {
    this.open = open;
    this.arguments = arguments;
  }

  /**
   * The access of a run.
   *
   * @param options the command line
   * @param environment the process environment
   * @throws UsageException if the server binds beyond loopback and no key is given
   */
  public static ControlApiAccess of(CrawlOptions options, Map<String, String> environment)
      throws UsageException {
    if (options.apiKey() != null) {
      if (options.apiKey().strip().length() < ApiSecurityProperties.MIN_KEY_LENGTH) {
        throw new UsageException(
            "--api-key must be at least "
                + ApiSecurityProperties.MIN_KEY_LENGTH
                + " characters (e.g. openssl rand -hex 32)");
      }
      return new ControlApiAccess(
          false, List.of("--crawler.security.api-keys=" + options.apiKey()));
    }
    String fromEnvironment = environment.get(KEYS_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new ControlApiAccess(false, List.of()); // the services read the variable themselves
    }
    if (options.bindsToLoopback()) {
      return new ControlApiAccess(true, List.of("--crawler.security.mode=none"));
    }
    throw new UsageException(
        "--bind "
            + options.bind()
            + " lets other machines reach the crawl API: give it a key with --api-key KEY or"
            + " the environment variable "
            + KEYS_VARIABLE
            + " (e.g. openssl rand -hex 32)");
  }

  /** Whether the crawl API is open to anyone who reaches the (loopback) server. */
  public boolean open() {
    return open;
  }

  /** The services' properties that set it up, as Spring arguments. */
  List<String> arguments() {
    return arguments;
  }
}
