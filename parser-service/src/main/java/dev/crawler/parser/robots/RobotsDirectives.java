package dev.crawler.parser.robots;

/**
 * What a page's robots meta tags and {@code X-Robots-Tag} headers allow us to do with it.
 *
 * @param noindex the page must not be in the index
 * @param nofollow the page's links must not be followed
 */
public record RobotsDirectives(boolean noindex, boolean nofollow) {

  /** No restriction. */
  public static final RobotsDirectives NONE = new RobotsDirectives(false, false);

  /** The union of two sets of directives: the stricter of each. */
  public RobotsDirectives and(RobotsDirectives other) {
    return new RobotsDirectives(noindex || other.noindex, nofollow || other.nofollow);
  }
}
