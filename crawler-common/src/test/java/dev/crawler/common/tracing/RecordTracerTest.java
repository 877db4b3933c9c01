package dev.crawler.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.sampler.Sampler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real Brave tracer with W3C propagation and nothing sampled, as services run it. */
class RecordTracerTest {

  private final Tracing tracing =
      Tracing.newBuilder()
          .traceId128Bit(true)
          .supportsJoin(false)
          .propagationFactory(new W3CPropagation())
          .sampler(Sampler.NEVER_SAMPLE)
          .build();
  private final BraveTracer tracer =
      new BraveTracer(
          tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()));
  private final RecordTracer records = new RecordTracer(tracer, new BravePropagator(tracing));

  @AfterEach
  void close() {
    tracing.close();
  }

  @Test
  void aNewTraceIsWrittenAsAW3cTraceparentHeader() {
    RecordTracer.RecordSpan span = records.newTrace("frontier.release");
    Headers headers = new RecordHeaders();

    span.inject(headers);

    assertThat(span.traceId()).matches("[0-9a-f]{32}");
    assertThat(traceparent(headers)).matches("00-" + span.traceId() + "-[0-9a-f]{16}-00");
  }

  @Test
  void aConsumedRecordsTraceContinuesWithANewSpanEvenWhenUnsampled() {
    RecordTracer.RecordSpan first = records.newTrace("frontier.release");
    Headers consumed = new RecordHeaders();
    first.inject(consumed);

    RecordTracer.RecordSpan next = records.continueTrace("fetcher.fetch", consumed);
    Headers produced = new RecordHeaders();
    next.inject(produced);

    assertThat(next.traceId()).isEqualTo(first.traceId());
    assertThat(spanId(traceparent(produced))).isNotEqualTo(spanId(traceparent(consumed)));
  }

  @Test
  void aRecordWithoutTraceContextBeginsANewTrace() {
    RecordTracer.RecordSpan span = records.continueTrace("parser.parse", new RecordHeaders());

    assertThat(span.traceId()).matches("[0-9a-f]{32}");
  }

  @Test
  void injectingReplacesTheContextARecordAlreadyCarried() {
    Headers headers = new RecordHeaders();
    records.newTrace("first").inject(headers);
    RecordTracer.RecordSpan second = records.newTrace("second");

    second.inject(headers);

    assertThat(headers.headers("traceparent")).hasSize(1);
    assertThat(traceparent(headers)).contains(second.traceId());
  }

  @Test
  void anActiveSpanIsTheTracersCurrentOneUntilItsScopeCloses() {
    RecordTracer.RecordSpan span = records.newTrace("frontier.release");

    try (Tracer.SpanInScope scope = span.activate()) {
      assertThat(tracer.currentSpan().context().traceId()).isEqualTo(span.traceId());
    }
    assertThat(tracer.currentSpan()).isNull();
  }

  @Test
  void withTracingOffHeadersAreLeftAlone() {
    Headers headers = new RecordHeaders();

    RecordTracer.NOOP.newTrace("frontier.release").inject(headers);

    assertThat(headers.toArray()).isEmpty();
  }

  private static String traceparent(Headers headers) {
    return new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8);
  }

  private static String spanId(String traceparent) {
    return traceparent.split("-")[2];
  }
}
