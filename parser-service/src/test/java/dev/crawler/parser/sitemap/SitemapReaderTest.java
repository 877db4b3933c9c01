package dev.crawler.parser.sitemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.parser.Fixtures;
import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.links.LinkNormalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SitemapReaderTest {

  private static final int MAX_BYTES = 64 * 1024;

  private final SitemapReader reader =
      new SitemapReader(
          new LinkNormalizer(UrlNormalizer.standard()),
          new ParserProperties.Sitemaps(DataSize.ofBytes(MAX_BYTES), 100, 10, 7));

  @Test
  void anXmlSitemapYieldsItsNormalisedDistinctHttpUrlsWithMappedPrioritiesAndLastmod() {
    Sitemap sitemap =
        reader
            .recognise(
                "https://alpha.test/sitemap.xml",
                "application/xml",
                Fixtures.bytes("sitemaps/sitemap.xml"))
            .orElseThrow();

    assertThat(reader.read(sitemap))
        .containsExactly(
            new SitemapEntry("https://alpha.test/", 10, Instant.parse("2026-11-20T10:15:00Z")),
            new SitemapEntry("https://alpha.test/about", 0, null),
            new SitemapEntry("https://alpha.test/archive", -10, null));
  }

  @Test
  void aSitemapIndexYieldsItsChildSitemaps() {
    Sitemap sitemap =
        reader
            .recognise(
                "https://alpha.test/sitemap_index.xml",
                "text/xml",
                Fixtures.bytes("sitemaps/sitemap-index.xml"))
            .orElseThrow();

    assertThat(reader.read(sitemap))
        .containsExactly(
            new SitemapEntry(
                "https://alpha.test/sitemap-posts.xml.gz",
                7,
                Instant.parse("2024-01-01T00:00:00Z")),
            new SitemapEntry("https://alpha.test/sitemap-pages.xml", 7, null));
  }

  @Test
  void aGzipSitemapIsInflatedAndRead() {
    Sitemap sitemap =
        reader
            .recognise(
                "https://alpha.test/sitemap.xml.gz",
                "application/gzip",
                Fixtures.bytes("sitemaps/sitemap.xml.gz"))
            .orElseThrow();

    assertThat(reader.read(sitemap)).hasSize(3);
  }

  @Test
  void anRssFeedIsReadAsASitemap() {
    Sitemap sitemap =
        reader
            .recognise(
                "https://alpha.test/feed.xml",
                "application/rss+xml",
                Fixtures.bytes("sitemaps/feed.rss"))
            .orElseThrow();

    assertThat(reader.read(sitemap))
        .extracting(SitemapEntry::url)
        .containsExactly("https://alpha.test/posts/storm", "https://alpha.test/posts/lantern");
  }

  @Test
  void aTextSitemapIsRecognisedByItsName() {
    byte[] body = Fixtures.bytes("sitemaps/sitemap.txt");

    Sitemap sitemap =
        reader.recognise("https://alpha.test/sitemap.txt", "text/plain", body).orElseThrow();

    assertThat(reader.read(sitemap))
        .extracting(SitemapEntry::url)
        .containsExactly(
            "https://alpha.test/one", "https://alpha.test/two", "https://alpha.test/three");
    assertThat(reader.recognise("https://alpha.test/notes.txt", "text/plain", body)).isEmpty();
  }

  @Test
  void anXmlSitemapIsRecognisedWhateverItsDeclaredType() {
    byte[] body = Fixtures.bytes("sitemaps/sitemap.xml");

    assertThat(reader.recognise("https://alpha.test/s", "application/octet-stream", body))
        .isPresent();
    assertThat(reader.recognise("https://alpha.test/s", null, body)).isPresent();
  }

  @Test
  void otherXmlIsNotASitemap() {
    byte[] feed =
        "<?xml version=\"1.0\"?><catalog><book/></catalog>".getBytes(StandardCharsets.UTF_8);

    assertThat(reader.recognise("https://alpha.test/books.xml", "application/xml", feed)).isEmpty();
  }

  @Test
  void aTruncatedSitemapYieldsTheUrlsBeforeTheCut() {
    byte[] whole = Fixtures.bytes("sitemaps/sitemap.xml");
    String text = new String(whole, StandardCharsets.UTF_8);
    byte[] cut = Arrays.copyOf(whole, text.indexOf("<url><loc>https://alpha.test/archive"));

    Sitemap sitemap =
        reader.recognise("https://alpha.test/sitemap.xml", "application/xml", cut).orElseThrow();

    assertThat(reader.read(sitemap))
        .extracting(SitemapEntry::url)
        .containsExactly("https://alpha.test/", "https://alpha.test/about");
  }

  @Test
  void theNumberOfUrlsIsCapped() {
    StringBuilder xml =
        new StringBuilder("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for (int i = 0; i < 500; i++) {
      xml.append("<url><loc>https://alpha.test/p").append(i).append("</loc></url>");
    }
    xml.append("</urlset>");
    Sitemap sitemap =
        reader
            .recognise(
                "https://alpha.test/big.xml",
                "application/xml",
                xml.toString().getBytes(StandardCharsets.UTF_8))
            .orElseThrow();

    assertThat(reader.read(sitemap)).hasSize(100);
  }

  @Test
  void aGzipBombInflatesNoFurtherThanTheByteCap() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(
          "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
              .getBytes(StandardCharsets.UTF_8));
      byte[] padding = new byte[1024 * 1024];
      Arrays.fill(padding, (byte) ' ');
      for (int i = 0; i < 100; i++) {
        gzip.write(padding);
      }
    }

    Sitemap sitemap =
        reader
            .recognise(
                "https://alpha.test/bomb.xml.gz", "application/gzip", compressed.toByteArray())
            .orElseThrow();

    assertThat(sitemap.content()).hasSize(MAX_BYTES);
  }

  @Test
  void xmlThatOnlyMentionsASitemapIsAnError() {
    byte[] html =
        "<!-- <urlset> --><html><body>not a sitemap</body></html>".getBytes(StandardCharsets.UTF_8);
    Sitemap sitemap =
        reader.recognise("https://alpha.test/s.xml", "application/xml", html).orElseThrow();

    assertThatThrownBy(() -> reader.read(sitemap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a readable sitemap");
  }
}
