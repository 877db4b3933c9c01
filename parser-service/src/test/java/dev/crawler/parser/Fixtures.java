package dev.crawler.parser;

import dev.crawler.common.messages.FetchedPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** Test inputs: the documented defaults from {@code parser.yaml}, fixture files and pages. */
public final class Fixtures {

  private Fixtures() {}

  /** The parser's configuration exactly as {@code parser.yaml} documents it. */
  public static ParserProperties defaults() {
    try {
      var sources =
          new YamlPropertySourceLoader().load("parser", new ClassPathResource("parser.yaml"));
      Binder binder =
          new Binder(
              ConfigurationPropertySources.from(sources),
              null,
              ApplicationConversionService.getSharedInstance());
      return binder.bind("crawler.parser", ParserProperties.class).get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a test resource. */
  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fetched 200 page at depth 2 of crawl {@code c1}. */
  public static FetchedPage page(String url, String contentType, byte[] body) {
    return page(url, 200, contentType, body, Map.of());
  }

  /** A fetched page at depth 2 of crawl {@code c1}. */
  public static FetchedPage page(
      String url, int status, String contentType, byte[] body, Map<String, String> headers) {
    return new FetchedPage(
        "c1",
        url,
        2,
        status,
        headers,
        contentType,
        null,
        body,
        false,
        Instant.parse("2025-01-01T00:00:00Z"));
  }
}
