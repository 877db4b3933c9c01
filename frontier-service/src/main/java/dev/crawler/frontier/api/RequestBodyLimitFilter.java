package dev.crawler.frontier.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds API request bodies: a declared Content-Length over the limit is refused at once with 413;
 * a chunked body is cut off when it passes the limit, which the JSON reader reports (as 413 too).
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final int maxBytes;

  RequestBodyLimitFilter(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response
          .getWriter()
          .write(
              "{\"type\":\""
                  + ProblemDetailsAdvice.TOO_LARGE
                  + "\",\"title\":\"Request too large\",\"status\":413,\"detail\":\"the request"
                  + " body exceeds "
                  + maxBytes
                  + " bytes\"}");
      return;
    }
    chain.doFilter(new BoundedRequest(request, maxBytes), response);
  }

  private static final class BoundedRequest extends HttpServletRequestWrapper {
    private final int maxBytes;
    private ServletInputStream bounded;

    BoundedRequest(HttpServletRequest request, int maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (bounded == null) {
        bounded = new BoundedInputStream(super.getInputStream(), maxBytes);
      }
      return bounded;
    }
  }

  private static final class BoundedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private final int maxBytes;
    private long read;

    BoundedInputStream(ServletInputStream in, int maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws RequestBodyTooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new RequestBodyTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
