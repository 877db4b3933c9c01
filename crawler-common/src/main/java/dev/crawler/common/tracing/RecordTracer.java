package dev.crawler.common.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a URL's trace across the crawl's Kafka topics, so that one URL can be followed from the
 * frontier to the index in the logs of every service.
 *
 * <p>A fetch task begins a trace ({@link #newTrace}); each stage that consumes a record continues
 * the trace the record carries in its headers with a span of its own ({@link #continueTrace}) and
 * writes that span's context on the records it produces ({@link RecordSpan#inject}). The header
 * format is the configured propagation, W3C {@code traceparent} by default. While a span is
 * {@linkplain RecordSpan#activate() active}, the log lines of its thread carry its trace id (Spring
 * Boot's log correlation, MDC {@code traceId} and {@code spanId}).
 *
 * <p>The trace id travels whether or not the trace is sampled: an unsampled span records nothing
 * and costs little more than parsing and writing one header, which is what keeps tracing on for
 * every record of the hot path.
 */
public final class RecordTracer {

  private static final Propagator.Setter<Headers> HEADER_WRITER =
      (headers, name, value) -> {
        // One value per name: a re-published record must not carry its old context beside the new.
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
      };

  private static final Propagator.Getter<Headers> HEADER_READER =
      (headers, name) -> {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
            ? null
            : new String(header.value(), StandardCharsets.UTF_8);
      };

  /** Tracing switched off: spans without ids, headers left alone. */
  public static final RecordTracer NOOP = new RecordTracer(Tracer.NOOP, Propagator.NOOP);

  private final Tracer tracer;
  private final Propagator propagator;

  /**
   * @param tracer makes the spans
   * @param propagator reads and writes their context on record headers
   */
  public RecordTracer(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * A span that begins a trace: the first record of a URL's journey.
   *
   * @param name what the span does, for example {@code frontier.release}
   */
  public RecordSpan newTrace(String name) {
    return new RecordSpan(tracer.nextSpan().name(name).start());
  }

  /**
   * A span of the trace a consumed record carries in its headers, or of a new trace when the record
   * carries none (it was produced by a service without tracing, or before tracing existed).
   *
   * @param name what the span does, for example {@code fetcher.fetch}
   * @param headers the consumed record's headers
   */
  public RecordSpan continueTrace(String name, Headers headers) {
    return new RecordSpan(
        propagator.extract(headers, HEADER_READER).name(name).kind(Span.Kind.CONSUMER).start());
  }

  /** One stage's span of a URL's trace. */
  public final class RecordSpan {

    private final Span span;

    private RecordSpan(Span span) {
      this.span = span;
    }

    /**
     * Makes this span current on the calling thread until the returned scope is closed: log lines
     * made meanwhile carry its trace id. Open it around the work and logging of one record, on the
     * thread doing it; a scope must be closed on the thread that opened it.
     */
    public Tracer.SpanInScope activate() {
      return tracer.withSpan(span);
    }

    /**
     * Writes this span's context on a produced record's headers, replacing any the headers had, so
     * that the next stage continues this trace.
     */
    public void inject(Headers headers) {
      propagator.inject(span.context(), headers, HEADER_WRITER);
    }

    /** The trace id, 32 hex digits (empty when tracing is off). */
    public String traceId() {
      return span.context().traceId();
    }

    /** Ends the span: a sampled one is then exported, an unsampled one is dropped. */
    public void end() {
      span.end();
    }
  }
}
