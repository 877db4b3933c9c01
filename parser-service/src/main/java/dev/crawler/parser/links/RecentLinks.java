package dev.crawler.parser.links;

import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The links this parser offered the frontier lately, so that a link found on page after page (a
 * site's menus and footers: most of its links) is offered once, not once per page. On a typical
 * site nearly every link of a page is such a repeat; each would cost a Kafka record and the
 * frontier's decoding, normalising and seen-store lookup only to be counted as a duplicate. The
 * frontier's seen store stays the judge of what is new; this only spares it the obvious repeats.
 *
 * <p>Nothing is lost: a link counts as offered only once Kafka acknowledged the record that carried
 * it ({@link #remember} after the batch), and only at the depth it was offered, so the same link
 * found nearer a seed is offered again (the frontier may have refused it as too deep). Only page
 * links are held back; seeds, redirects and sitemap entries (whose lastmod may bring a recrawl
 * forward) always go through. The least recently offered links are forgotten beyond the capacity.
 *
 * <p>At least one link of each page to its own host goes through: it carries the page's fingerprint
 * ({@link UrlCandidate#referrerSimhash()}), so the frontier sees every page that has links, even
 * one whose links were all offered before (the days of a calendar, queued from its month pages),
 * and learns whether the page's template is a trap. When every such link is a repeat, the first one
 * is offered again: at most one extra record per page. Thread-safe.
 */
public final class RecentLinks {

  private final int capacity;
  private final Map<String, Integer> leastDepthOffered;

  /**
   * @param capacity how many links are remembered; 0 remembers none and holds nothing back
   */
  public RecentLinks(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
    }
    this.capacity = capacity;
    this.leastDepthOffered =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > RecentLinks.this.capacity;
          }
        };
  }

  /** The candidates that are not repeats of a link offered lately at the same depth or nearer. */
  public synchronized List<UrlCandidate> withoutRepeats(List<UrlCandidate> candidates) {
    if (capacity == 0) {
      return candidates;
    }
    List<UrlCandidate> offered = new ArrayList<>(candidates.size());
    UrlCandidate witness = null;
    boolean pageSeen = false;
    for (UrlCandidate candidate : candidates) {
      boolean carriesPage = isWitnessOfItsPage(candidate);
      if (!isRepeat(candidate)) {
        offered.add(candidate);
        pageSeen |= carriesPage;
      } else if (witness == null && carriesPage) {
        witness = candidate;
      }
    }
    if (!pageSeen && witness != null) {
      offered.add(witness); // every link was offered before: one goes again, for the page's sake
    }
    return offered;
  }

  private static boolean isWitnessOfItsPage(UrlCandidate candidate) {
    return candidate.referrerSimhash() != null
        && candidate.referrer() != null
        && hostOf(candidate.url()).equals(hostOf(candidate.referrer()));
  }

  private static String hostOf(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return "";
    }
    int end = start + 3;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    return url.substring(start + 3, end);
  }

  /** Notes candidates as offered, once Kafka has acknowledged their records. */
  public synchronized void remember(Collection<UrlCandidate> offered) {
    if (capacity == 0) {
      return;
    }
    for (UrlCandidate candidate : offered) {
      if (isHeldBackKind(candidate)) {
        leastDepthOffered.merge(key(candidate), candidate.depth(), Math::min);
      }
    }
  }

  private boolean isRepeat(UrlCandidate candidate) {
    if (!isHeldBackKind(candidate)) {
      return false;
    }
    Integer depth = leastDepthOffered.get(key(candidate));
    return depth != null && depth <= candidate.depth();
  }

  private static boolean isHeldBackKind(UrlCandidate candidate) {
    return candidate.source() == UrlSource.LINK && candidate.lastModified() == null;
  }

  private static String key(UrlCandidate candidate) {
    return candidate.crawlId() + '\n' + candidate.url();
  }
}
