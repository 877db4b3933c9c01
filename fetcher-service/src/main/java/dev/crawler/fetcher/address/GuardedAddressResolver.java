package dev.crawler.fetcher.address;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The HTTP client's only way from a host name to socket addresses, so the SSRF check applies to the
 * very addresses the client connects to: a name is resolved once (override, numeric form or DNS),
 * refused addresses are dropped, and only the survivors are handed to the connector. There is no
 * second lookup a rebinding DNS server could answer differently.
 *
 * <p>A configured HTTP proxy is exempt: it is the operator's own infrastructure, and through it the
 * proxy, not this resolver, resolves the target (see {@link #check(String)} for the pre-flight
 * check done instead).
 */
public final class GuardedAddressResolver implements SocketAddressResolver {

  private final AddressPolicy policy;
  private final HostOverrides overrides;
  private final Executor executor;
  private final Optional<InetSocketAddress> proxy;

  /**
   * @param policy which addresses may be connected to
   * @param overrides host names answered from configuration
   * @param executor runs the blocking DNS lookups, off the selector threads
   * @param proxy the unresolved address of the configured HTTP proxy, if any
   */
  public GuardedAddressResolver(
      AddressPolicy policy,
      HostOverrides overrides,
      Executor executor,
      Optional<InetSocketAddress> proxy) {
    this.policy = policy;
    this.overrides = overrides;
    this.executor = executor;
    this.proxy = proxy;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    executor.execute(() -> {
      List<InetSocketAddress> addresses;
      try {
        addresses = resolve(host, port);
      } catch (UnknownHostException | RuntimeException e) {
        promise.failed(e);
        return;
      }
      promise.succeeded(addresses);
    });
  }

  /**
   * The addresses of a host that the policy allows, resolved on the calling thread; for the
   * pre-flight check of targets reached through a proxy.
   *
   * @throws BlockedAddressException if the host has addresses, but none is allowed
   * @throws UnknownHostException if the host has no address at all
   */
  public List<InetAddress> check(String host) throws UnknownHostException {
    String name = normalized(host);
    if (name.isEmpty()) {
      throw new UnknownHostException("empty host name"); // Java would answer with loopback
    }
    List<InetAddress> all = lookup(name);
    List<InetAddress> allowed = new ArrayList<>(all.size());
    List<String> refusals = new ArrayList<>();
    for (InetAddress address : all) {
      policy.refusal(address).ifPresentOrElse(refusals::add, () -> allowed.add(address));
    }
    if (allowed.isEmpty()) {
      throw new BlockedAddressException(
          "refused to connect to " + name + ": " + String.join(", ", refusals));
    }
    return allowed;
  }

  private List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    List<InetAddress> addresses =
        isProxy(host, port) ? Arrays.asList(InetAddress.getAllByName(host)) : check(host);
    List<InetSocketAddress> named = new ArrayList<>(addresses.size());
    for (InetAddress address : addresses) {
      // The name travels with the address (no lookup): TLS takes it from the socket address for
      // SNI and certificate verification, which an override's bare address would turn into the IP.
      named.add(
          new InetSocketAddress(
              InetAddress.getByAddress(normalized(host), address.getAddress()), port));
    }
    return named;
  }

  private List<InetAddress> lookup(String name) throws UnknownHostException {
    Optional<InetAddress> configured = overrides.addressOf(name);
    if (configured.isPresent()) {
      return List.of(configured.get());
    }
    if (name.indexOf(':') >= 0) {
      return List.of(InetAddress.getByName(name)); // an IPv6 literal: no lookup
    }
    Optional<InetAddress> numeric = NumericHost.parse(name);
    if (numeric.isPresent()) {
      return List.of(numeric.get());
    }
    return Arrays.asList(InetAddress.getAllByName(name));
  }

  private boolean isProxy(String host, int port) {
    return proxy
        .filter(p -> p.getPort() == port && p.getHostString().equalsIgnoreCase(host))
        .isPresent();
  }

  private static String normalized(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.endsWith(".") && name.length() > 1) {
      name = name.substring(0, name.length() - 1);
    }
    return name;
  }
}
