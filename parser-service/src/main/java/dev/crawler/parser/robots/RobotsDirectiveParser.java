package dev.crawler.parser.robots;

import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads robots directives from {@code <meta name="robots">} (and {@code <meta name="AGENT">} for
 * our agent token) and from the {@code X-Robots-Tag} header, whose values may name an agent: {@code
 * X-Robots-Tag: otherbot: noindex, nofollow} binds both directives to {@code otherbot} only, as
 * Google documents it. {@code none} means {@code noindex, nofollow}; directives we do not act on
 * ({@code max-snippet}, {@code noarchive}, ...) are ignored. Instances are immutable and
 * thread-safe.
 */
public final class RobotsDirectiveParser {

  /**
   * Directives that take a value after a colon, so that their name is not mistaken for an agent.
   */
  private static final Set<String> VALUED_DIRECTIVES =
      Set.of(
          "max-snippet",
          "max-image-preview",
          "max-video-preview",
          "unavailable_after",
          "indexifembedded");

  private final String agentToken;

  /**
   * @param agentToken our robots agent token, matched case-insensitively
   */
  public RobotsDirectiveParser(String agentToken) {
    this.agentToken = agentToken.toLowerCase(Locale.ROOT);
  }

  /** The directives of the meta tags of a page that apply to us. */
  public RobotsDirectives fromMeta(Document document) {
    RobotsDirectives directives = RobotsDirectives.NONE;
    for (Element meta : document.select("meta[name][content]")) {
      String name = meta.attr("name").strip().toLowerCase(Locale.ROOT);
      if (name.equals("robots") || name.equals(agentToken)) {
        directives = directives.and(parseList(meta.attr("content"), false));
      }
    }
    return directives;
  }

  /**
   * The directives of an {@code X-Robots-Tag} header that apply to us.
   *
   * @param header the header value, several header lines separated by line breaks, or null
   */
  public RobotsDirectives fromHeader(String header) {
    if (header == null || header.isBlank()) {
      return RobotsDirectives.NONE;
    }
    RobotsDirectives directives = RobotsDirectives.NONE;
    // An agent prefix holds until the end of its header line, so lines are parsed apart.
    for (String line : header.split("[\r\n]+")) {
      directives = directives.and(parseList(line, true));
    }
    return directives;
  }

  private RobotsDirectives parseList(String list, boolean agentPrefixes) {
    boolean noindex = false;
    boolean nofollow = false;
    boolean applies = true;
    for (String part : list.split(",")) {
      String token = part.strip().toLowerCase(Locale.ROOT);
      int colon = token.indexOf(':');
      if (agentPrefixes && colon > 0) {
        String prefix = token.substring(0, colon).strip();
        if (!VALUED_DIRECTIVES.contains(prefix)) {
          applies = prefix.equals(agentToken);
          token = token.substring(colon + 1).strip();
        }
      }
      if (!applies) {
        continue;
      }
      switch (token) {
        case "noindex" -> noindex = true;
        case "nofollow" -> nofollow = true;
        case "none" -> {
          noindex = true;
          nofollow = true;
        }
        default -> {
          // index, follow, all and the directives about snippets and caching change nothing here.
        }
      }
    }
    return new RobotsDirectives(noindex, nofollow);
  }
}
