package dev.crawler.parser.sitemap;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.links.LinkNormalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Recognises sitemaps among fetched pages and reads their URLs with crawler-commons' {@link
 * SiteMapParser}. The fetcher sends sitemaps (including those robots.txt names) as ordinary pages,
 * so a sitemap is recognised by its content: an XML {@code <urlset>} or {@code <sitemapindex>}
 * root, or an RSS or Atom feed (which the sitemap protocol accepts as sitemaps, and which the
 * fetcher passes on for that reason), possibly gzip-compressed; or a {@code text/plain} body at a
 * URL ending in {@code sitemap.txt}. Gzip is inflated here, capped at the body size limit, so a
 * compression bomb costs no more than an uncompressed body. Instances are immutable and
 * thread-safe.
 */
public final class SitemapReader {

  /** How far into the body the root element is looked for (after a prolog and comments). */
  private static final int SNIFF_BYTES = 4_096;

  private static final Pattern SITEMAP_ROOT =
      Pattern.compile("<(?:[A-Za-z0-9_.-]+:)?(?:urlset|sitemapindex|rss|feed)[\\s>/]");

  private static final int INFLATE_BUFFER_BYTES = 8_192;

  /** The sitemaps.org default priority of a URL without a {@code <priority>}. */
  private static final double DEFAULT_PRIORITY = 0.5;

  private final LinkNormalizer normalizer;
  private final ParserProperties.Sitemaps settings;
  private final int maxBytes;

  /**
   * @param normalizer normalises (and filters) every URL a sitemap names
   * @param settings the caps on bytes and URLs, and the priority mapping
   */
  public SitemapReader(LinkNormalizer normalizer, ParserProperties.Sitemaps settings) {
    this.normalizer = normalizer;
    this.settings = settings;
    this.maxBytes = Math.toIntExact(settings.maxSize().toBytes());
  }

  /**
   * The sitemap in a fetched body, if the body is one.
   *
   * @param url the URL it was fetched from
   * @param contentType its media type, lower case, or null
   * @param body its bytes
   */
  public Optional<Sitemap> recognise(String url, String contentType, byte[] body) {
    boolean gzip = isGzip(body);
    // Only the head is inflated to decide, so a large non-sitemap archive costs a few KiB.
    byte[] start = gzip ? inflate(body, SNIFF_BYTES) : body;
    String head =
        new String(start, 0, Math.min(start.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
    String mediaType;
    if (SITEMAP_ROOT.matcher(head).find()) {
      mediaType = "application/xml";
    } else if ((contentType == null || contentType.equals("text/plain"))
        && isTextSitemapUrl(url)
        && !head.stripLeading().startsWith("<")) {
      mediaType = "text/plain";
    } else {
      return Optional.empty();
    }
    byte[] content = gzip ? inflate(body, maxBytes) : capped(body);
    return Optional.of(new Sitemap(url, mediaType, content));
  }

  /**
   * The URLs a sitemap names, normalised, deduplicated and capped: pages with their priority mapped
   * onto candidate priorities, child sitemaps of an index with the configured priority. Malformed
   * entries are skipped and a truncated sitemap yields the URLs before the cut.
   *
   * @throws IllegalArgumentException if the content is not a sitemap at all
   */
  public List<SitemapEntry> read(Sitemap sitemap) {
    // Robots.txt may name a sitemap that lists URLs anywhere on its host, so location is not
    // checked here ("strict" off; the frontier decides what is in scope). "allowPartial" keeps the
    // URLs before the cut of a truncated sitemap.
    SiteMapParser parser = new SiteMapParser(false, true);
    AbstractSiteMap parsed;
    try {
      parsed = parser.parseSiteMap(sitemap.mediaType(), sitemap.content(), urlOf(sitemap.url()));
    } catch (UnknownFormatException e) {
      throw new IllegalArgumentException("not a readable sitemap: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sitemap " + sitemap.url(), e);
    }
    Map<String, SitemapEntry> entries = new LinkedHashMap<>();
    if (parsed instanceof SiteMapIndex index) {
      for (AbstractSiteMap child : index.getSitemaps()) {
        add(
            entries,
            child.getUrl().toString(),
            settings.childSitemapPriority(),
            instantOf(child.getLastModified()));
      }
    } else if (parsed instanceof SiteMap map) {
      for (SiteMapURL page : map.getSiteMapUrls()) {
        add(
            entries,
            page.getUrl().toString(),
            priorityOf(page.getPriority()),
            instantOf(page.getLastModified()));
      }
    }
    return new ArrayList<>(entries.values());
  }

  private void add(
      Map<String, SitemapEntry> entries, String rawUrl, int priority, Instant lastModified) {
    if (entries.size() >= settings.maxUrls()) {
      return;
    }
    normalizer
        .normalize(rawUrl)
        .ifPresent(url -> entries.putIfAbsent(url, new SitemapEntry(url, priority, lastModified)));
  }

  private static Instant instantOf(Date lastModified) {
    return lastModified == null ? null : lastModified.toInstant();
  }

  /** 0.5 (the protocol's default) maps to 0, 1.0 to the scale and 0.0 to minus the scale. */
  private int priorityOf(double sitemapPriority) {
    double clamped = Math.clamp(sitemapPriority, 0.0, 1.0);
    return (int) Math.round((clamped - DEFAULT_PRIORITY) * 2 * settings.priorityScale());
  }

  private static boolean isTextSitemapUrl(String url) {
    String path;
    try {
      path = URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (path == null) {
      return false;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith("sitemap.txt") || lower.endsWith("sitemap.txt.gz");
  }

  private static boolean isGzip(byte[] body) {
    return body.length >= 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B;
  }

  /** At most {@code limit} inflated bytes; a stream cut short keeps what inflated. */
  private static byte[] inflate(byte[] gzip, int limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[INFLATE_BUFFER_BYTES];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      int read;
      while (out.size() < limit
          && (read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
        out.write(buffer, 0, read);
      }
    } catch (IOException e) {
      // A truncated or corrupt stream: what inflated before the damage is still worth reading.
    }
    return out.size() == 0 ? gzip : out.toByteArray();
  }

  private byte[] capped(byte[] body) {
    return body.length <= maxBytes ? body : Arrays.copyOf(body, maxBytes);
  }

  private static URL urlOf(String url) {
    try {
      return URI.create(url).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("sitemap URL is not a URL: " + url, e);
    }
  }
}
