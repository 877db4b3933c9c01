package dev.crawler.common.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link RecordTracer} of a service, on the tracer and propagation that Spring Boot configures
 * ({@code management.tracing.*}: Brave, W3C {@code traceparent}). Where tracing is switched off,
 * Spring Boot leaves no propagator (and at most a no-op tracer), and records travel without trace
 * headers.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

  @Bean
  RecordTracer recordTracer(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    return new RecordTracer(
        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
  }
}
