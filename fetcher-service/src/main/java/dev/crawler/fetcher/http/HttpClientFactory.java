package dev.crawler.fetcher.http;

import dev.crawler.fetcher.FetcherProperties;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Builds the one Jetty client a fetcher pod shares for pages and robots.txt. */
public final class HttpClientFactory {

  private HttpClientFactory() {}

  /**
   * The HTTP proxy's unresolved address, if one is configured.
   *
   * @throws IllegalArgumentException if {@code crawler.fetcher.proxy} is not {@code host:port}
   */
  public static Optional<InetSocketAddress> proxyAddress(FetcherProperties properties) {
    String proxy = properties.proxy();
    if (proxy.isEmpty()) {
      return Optional.empty();
    }
    int colon = proxy.lastIndexOf(':');
    try {
      int port = Integer.parseInt(proxy.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65_535) {
        throw new NumberFormatException(proxy);
      }
      return Optional.of(InetSocketAddress.createUnresolved(proxy.substring(0, colon), port));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "crawler.fetcher.proxy must be host:port, was " + proxy, e);
    }
  }

  /**
   * A started client: HTTP/1.1, and HTTP/2 where TLS negotiates it (ALPN); server certificates
   * verified against the JDK's CAs or the configured trust store; no redirects followed; no
   * automatic content decoding (see {@link ContentDecoding}); every address resolved by the given
   * resolver.
   *
   * @param executor the client's threads; the resolver's lookups may share them
   */
  public static HttpClient create(
      FetcherProperties properties, SocketAddressResolver resolver, QueuedThreadPool executor)
      throws Exception {
    SslContextFactory.Client tls = new SslContextFactory.Client(properties.trustAllCertificates());
    if (!properties.trustStore().isEmpty()) {
      tls.setTrustStorePath(properties.trustStore());
      tls.setTrustStoreType("PKCS12");
      tls.setTrustStorePassword(properties.trustStorePassword());
    }
    ClientConnector connector = new ClientConnector();
    connector.setExecutor(executor);
    connector.setSslContextFactory(tls);
    connector.setConnectTimeout(properties.connectTimeout());
    connector.setIdleTimeout(properties.idleTimeout());
    HttpClientTransportDynamic transport =
        new HttpClientTransportDynamic(
            connector,
            HttpClientConnectionFactory.HTTP11,
            new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector)));
    HttpClient client = new HttpClient(transport);
    client.setExecutor(executor);
    client.setSocketAddressResolver(resolver);
    client.setFollowRedirects(false);
    client.setRedirectCache(null);
    client.setConnectTimeout(properties.connectTimeout().toMillis());
    client.setIdleTimeout(properties.idleTimeout().toMillis());
    client.setMaxConnectionsPerDestination(properties.maxConnectionsPerHost());
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, properties.userAgent()));
    client.getContentDecoderFactories().clear();
    proxyAddress(properties)
        .ifPresent(proxy ->
            client
                .getProxyConfiguration()
                .addProxy(new HttpProxy(proxy.getHostString(), proxy.getPort())));
    client.start();
    return client;
  }
}
