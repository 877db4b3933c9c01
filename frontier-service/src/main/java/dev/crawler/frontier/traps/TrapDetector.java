package dev.crawler.frontier.traps;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.frontier.FrontierProperties.TrapLearning;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns a host's traps from what the crawl sees, with no rule for any site: the URLs of a host are
 * grouped by {@link UrlTemplate}, and each template counts its fetched pages, how many were new
 * content (their fingerprint not within a few bits of a page seen lately on the host) and the new
 * links they yielded. A template whose recent pages stopped bringing new content is a trap: new
 * URLs of it, and new links found on its pages, are refused.
 *
 * <p>A page is seen through the links it yields: the parser sends each link with the fingerprint of
 * the page it was found on ({@link UrlCandidate#referrerSimhash()}). A page that yields no new link
 * is not seen, and need not be: a trap is a trap because its pages keep yielding links. Only links
 * to the page's own host teach, as only this task owns that host's state.
 *
 * <p>State lives in its own store, one record per crawl and host (the rings of {@link HostMemory})
 * and one per crawl, host and template ({@link TemplateStats}); a crawl with {@code learnTraps}
 * off, or {@code crawler.frontier.trap-learning.enabled=false}, neither reads nor writes it.
 */
public final class TrapDetector {

  private static final Logger log = LoggerFactory.getLogger(TrapDetector.class);

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final KeyValueStore<String, byte[]> store;
  private final TrapLearning settings;
  private final PolitenessKey politenessKey;

  public TrapDetector(
      KeyValueStore<String, byte[]> store, TrapLearning settings, PolitenessKey politenessKey) {
    this.store = store;
    this.settings = settings;
    this.politenessKey = politenessKey;
  }

  /**
   * Learns from the page a candidate was found on, once per page: counts it on its template as new
   * content or as a near-duplicate. Called for every candidate, new or known.
   *
   * @return the template this page showed to be a trap, if it just became one; its URLs still
   *     queued on the host are for the caller to drop ({@link #inTemplate})
   */
  public Optional<String> observe(CrawlJob job, String host, UrlCandidate candidate) {
    if (!learnsFrom(job, host, candidate)) {
      return Optional.empty();
    }
    String memoryKey = key("h", job.id(), host);
    HostMemory memory =
        HostMemory.fromBytes(
            store.get(memoryKey), settings.rememberedContents(), settings.rememberedPages());
    if (!memory.firstSight(hash(candidate.referrer()))) {
      return Optional.empty();
    }
    boolean novel = memory.isNovel(candidate.referrerSimhash(), settings.nearDuplicateBits());
    store.put(memoryKey, memory.toBytes());
    String template = UrlTemplate.of(candidate.referrer());
    String statsKey = key("t", job.id(), host, template);
    TemplateStats stats = TemplateStats.fromBytes(store.get(statsKey));
    boolean wasTrap = isTrap(stats);
    stats.page(novel, settings.window());
    store.put(statsKey, stats.toBytes());
    if (!wasTrap && isTrap(stats)) {
      log.info(
          "event=trap_learned crawl={} host={} template=\"{}\" pages={} novel_pages={}"
              + " new_links={}",
          job.id(),
          host,
          template,
          stats.pages(),
          stats.novelPages(),
          stats.newLinks());
      return Optional.of(template);
    }
    return Optional.empty();
  }

  /** Whether a URL belongs to a template. */
  public static boolean inTemplate(String url, String template) {
    return UrlTemplate.of(url).equals(template);
  }

  /**
   * Whether a new URL is refused as a trap: its template was learned to be one, or it was found on
   * a page of one.
   */
  public boolean isTrap(CrawlJob job, String host, UrlCandidate candidate) {
    if (!enabledFor(job)) {
      return false;
    }
    if (isTrap(stats(job.id(), host, UrlTemplate.of(candidate.url())))) {
      return true;
    }
    return learnsFrom(job, host, candidate)
        && isTrap(stats(job.id(), host, UrlTemplate.of(candidate.referrer())));
  }

  /** Counts an admitted URL as a new link of the template of the page it was found on. */
  public void admitted(CrawlJob job, String host, UrlCandidate candidate) {
    if (!learnsFrom(job, host, candidate)) {
      return;
    }
    String statsKey = key("t", job.id(), host, UrlTemplate.of(candidate.referrer()));
    TemplateStats stats = TemplateStats.fromBytes(store.get(statsKey));
    stats.newLink();
    store.put(statsKey, stats.toBytes());
  }

  private boolean enabledFor(CrawlJob job) {
    return settings.enabled() && job.learnTraps();
  }

  private boolean learnsFrom(CrawlJob job, String host, UrlCandidate candidate) {
    return enabledFor(job)
        && candidate.referrer() != null
        && candidate.referrerSimhash() != null
        && host.equals(politenessKey.of(candidate.referrer()));
  }

  private boolean isTrap(TemplateStats stats) {
    return stats.isTrap(settings.minPages(), settings.minNovelShare());
  }

  private TemplateStats stats(String crawlId, String host, String template) {
    return TemplateStats.fromBytes(store.get(key("t", crawlId, host, template)));
  }

  private static String key(String kind, String... parts) {
    return kind + '\0' + String.join("\0", parts);
  }

  /** FNV-1a over the URL's characters: 64 bits, so lately seen pages do not collide. */
  private static long hash(String url) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < url.length(); i++) {
      hash = (hash ^ url.charAt(i)) * FNV_PRIME;
    }
    return hash;
  }
}
