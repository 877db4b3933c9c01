package dev.crawler.common.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that presents a configured API key, in the {@value #HEADER} header or as
 * {@code Authorization: Bearer <key>}. A request without a key, or with a wrong one, goes on
 * unauthenticated: the authorization rules decide whether its path needs a key, and {@link
 * ProblemAuthenticationEntryPoint} tells a caller with a wrong key so.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String HEADER = "X-API-Key";

  /** Request attribute set when a key was presented but matched none. */
  static final String KEY_REJECTED = ApiKeyAuthenticationFilter.class.getName() + ".rejected";

  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  ApiKeyAuthenticationFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = presentedKey(request);
    if (presented != null) {
      int key = keys.match(presented);
      if (key >= 0) {
        SecurityContext context = contexts.createEmptyContext();
        // The principal names the key by position, so logs can tell callers apart without it.
        context.setAuthentication(
            new PreAuthenticatedAuthenticationToken("api-key-" + (key + 1), null, List.of()));
        contexts.setContext(context);
      } else {
        request.setAttribute(KEY_REJECTED, Boolean.TRUE);
      }
    }
    chain.doFilter(request, response);
  }

  private static String presentedKey(HttpServletRequest request) {
    String header = request.getHeader(HEADER);
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).strip();
    }
    return null;
  }
}
