package dev.crawler.indexer.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.rest5_client.Rest5ClientOptions;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import dev.crawler.indexer.IndexerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Builds the Elasticsearch client from {@code crawler.indexer.elasticsearch.*}. */
public final class ElasticsearchClientFactory {

  /** The client's own major version; a server of this version needs no compatibility headers. */
  private static final int CLIENT_MAJOR_VERSION = 9;

  private ElasticsearchClientFactory() {}

  /** A client for the configured cluster; the caller closes it. */
  public static ElasticsearchClient create(IndexerProperties.Elasticsearch config) {
    Rest5ClientBuilder builder =
        Rest5Client.builder(config.uris())
            .setRequestConfigCallback(request ->
                request
                    .setConnectionRequestTimeout(timeout(config.connectTimeout().toMillis()))
                    .setResponseTimeout(timeout(config.responseTimeout().toMillis())))
            .setConnectionConfigCallback(connection ->
                connection.setConnectTimeout(timeout(config.connectTimeout().toMillis())));
    if (config.caCertificate() != null && !config.caCertificate().toString().isEmpty()) {
      builder.setSSLContext(trusting(config.caCertificate()));
    }
    List<Header> headers = authorization(config);
    if (!headers.isEmpty()) {
      builder.setDefaultHeaders(headers.toArray(Header[]::new));
    }
    JsonMapper json =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    return new ElasticsearchClient(
        new Rest5ClientTransport(
            builder.build(), new Jackson3JsonpMapper(json), options(config.serverMajorVersion())));
  }

  /**
   * The 9.x client asks for the 9.x REST API ({@code compatible-with=9}), which an 8.x server
   * refuses; told the server is 8.x, every request asks for that version in both headers (the
   * server wants them to agree). These option headers take precedence over the client's own.
   */
  private static Rest5ClientOptions options(int serverMajorVersion) {
    Rest5ClientOptions defaults = Rest5ClientOptions.of(null);
    if (serverMajorVersion == CLIENT_MAJOR_VERSION) {
      return defaults;
    }
    String mediaType = "application/vnd.elasticsearch+json; compatible-with=" + serverMajorVersion;
    TransportOptions compatible =
        defaults.toBuilder()
            .setHeader(HttpHeaders.ACCEPT, mediaType)
            .setHeader(HttpHeaders.CONTENT_TYPE, mediaType)
            .build();
    return Rest5ClientOptions.of(compatible);
  }

  /**
   * A TLS context that trusts exactly the certificate authorities in a PEM file: ECK signs its HTTP
   * certificate with a CA of its own, which no JDK trust store holds. Host names are still verified
   * against the certificate.
   */
  private static SSLContext trusting(Path caCertificate) {
    String property = "crawler.indexer.elasticsearch.ca-certificate";
    try (InputStream pem = Files.newInputStream(caCertificate)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int index = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trusted.setCertificateEntry("ca-" + index++, certificate);
      }
      if (index == 0) {
        throw new IllegalArgumentException(
            property + " holds no PEM certificate: " + caCertificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          property + " could not be read as PEM certificates: " + caCertificate + ": " + e, e);
    }
  }

  private static List<Header> authorization(IndexerProperties.Elasticsearch config) {
    List<Header> headers = new ArrayList<>();
    if (hasText(config.apiKey())) {
      headers.add(new BasicHeader(HttpHeaders.AUTHORIZATION, "ApiKey " + config.apiKey()));
    } else if (hasText(config.username())) {
      String credentials =
          config.username() + ":" + (config.password() == null ? "" : config.password());
      headers.add(
          new BasicHeader(
              HttpHeaders.AUTHORIZATION,
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
    }
    return headers;
  }

  private static Timeout timeout(long millis) {
    return Timeout.ofMilliseconds(millis);
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
