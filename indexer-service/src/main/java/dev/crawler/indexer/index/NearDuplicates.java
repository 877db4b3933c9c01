package dev.crawler.indexer.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds ranked matches into groups of near-duplicates, the same way for both adapters: a match
 * joins the best-ranked earlier group whose leader has the same exact-duplicate group or a SimHash
 * within {@code maxBits} bits of its own (Manku et al. found 3 of 64 bits a good bound for web
 * pages); otherwise it leads a group of its own. Leaders keep the adapters' ranking, so the best
 * page of a group is the one shown and the others are listed with it.
 *
 * <p>Every page of results is grouped from the first match on, so a group never splits across
 * pages. Matches that are all of one group cost a scan; the adapters bound it by {@link
 * SearchQuery#MAX_WINDOW}.
 *
 * @param <T> the adapter's handle of a match (a Lucene doc, an Elasticsearch hit id)
 */
public final class NearDuplicates<T> {

  /** One ranked match: its handle, URL, exact-duplicate group and SimHash. */
  public record Match<T>(T handle, String url, String exactGroup, long simhash) {}

  /** A group: the leader shown as the hit, and the URLs folded into it, best first. */
  public record Group<T>(Match<T> leader, List<String> duplicateUrls) {}

  private final int maxBits;
  private final List<Match<T>> leaders = new ArrayList<>();
  private final List<List<String>> members = new ArrayList<>();
  private long folded;

  /**
   * @param maxBits the largest SimHash distance at which two pages are one hit; 0 folds only equal
   *     fingerprints
   */
  public NearDuplicates(int maxBits) {
    this.maxBits = maxBits;
  }

  /** Adds the next match in rank order. */
  public void add(Match<T> match) {
    for (int i = 0; i < leaders.size(); i++) {
      Match<T> leader = leaders.get(i);
      if (leader.exactGroup().equals(match.exactGroup())
          || Long.bitCount(leader.simhash() ^ match.simhash()) <= maxBits) {
        members.get(i).add(match.url());
        folded++;
        return;
      }
    }
    leaders.add(match);
    members.add(new ArrayList<>());
  }

  /** The number of groups so far. */
  public int groups() {
    return leaders.size();
  }

  /** The number of matches folded into a better-ranked one so far. */
  public long folded() {
    return folded;
  }

  /** The groups from {@code from} (0-based), at most {@code size} of them. */
  public List<Group<T>> page(int from, int size) {
    List<Group<T>> page = new ArrayList<>();
    for (int i = from; i < Math.min(leaders.size(), from + size); i++) {
      page.add(new Group<>(leaders.get(i), List.copyOf(members.get(i))));
    }
    return page;
  }
}
