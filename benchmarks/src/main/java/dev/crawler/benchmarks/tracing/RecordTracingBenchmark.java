package dev.crawler.benchmarks.tracing;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import dev.crawler.common.tracing.RecordTracer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What carrying a URL's trace costs a stage per record, with the tracer the services run: Brave
 * behind Micrometer Tracing, W3C {@code traceparent}, trace and span ids put in the logging MDC,
 * nothing sampled by default ({@code management.tracing.sampling.probability=0.0}). One operation
 * is what a stage does per record: continue the consumed record's trace, make it current while the
 * record is handled (the MDC puts and removes), write it on one produced record, end the span.
 *
 * <p>{@code sampled=true} is the cost with every span recorded (probability 1.0), without an
 * exporter: the recording alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordTracingBenchmark {

  @Param({"false", "true"})
  boolean sampled;

  private Tracing tracing;
  private RecordTracer tracer;
  private Headers consumed;

  @Setup(Level.Trial)
  public void startTracing() {
    tracing =
        Tracing.newBuilder()
            .traceId128Bit(true)
            .supportsJoin(false)
            .propagationFactory(new W3CPropagation())
            .sampler(sampled ? Sampler.ALWAYS_SAMPLE : Sampler.NEVER_SAMPLE)
            .currentTraceContext(
                ThreadLocalCurrentTraceContext.newBuilder()
                    .addScopeDecorator(MDCScopeDecorator.get())
                    .build())
            .build();
    tracer =
        new RecordTracer(
            new BraveTracer(
                tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext())),
            new BravePropagator(tracing));
    consumed = new RecordHeaders();
    tracer.newTrace("frontier.release").inject(consumed);
  }

  @TearDown(Level.Trial)
  public void stopTracing() {
    tracing.close();
  }

  /** One record through a stage: continue, activate, inject on one output, end. */
  @Benchmark
  public Headers perRecord() {
    Headers produced = new RecordHeaders();
    RecordTracer.RecordSpan span = tracer.continueTrace("stage.handle", consumed);
    try (Tracer.SpanInScope scope = span.activate()) {
      span.inject(produced);
    } finally {
      span.end();
    }
    return produced;
  }

  /** The baseline: the headers object a produced record has anyway. */
  @Benchmark
  public Headers withoutTracing() {
    return new RecordHeaders();
  }
}
