package dev.crawler.deploy;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series the deployed services export, as Micrometer's Prometheus registry names
 * them: each service's declared meters (from its source, with histograms where the code or every
 * deployment of the service turns them on), and the JVM and process meters Spring Boot's actuator
 * binds in every service. Names are not derived by hand: the meters are registered in a real
 * PrometheusMeterRegistry and its scrape is read back.
 */
final class ExportedMetrics {

  /**
   * Binders Spring Boot's actuator auto-configures in every service (JvmMetricsAutoConfiguration,
   * SystemMetricsAutoConfiguration); the ones the dashboard may use.
   */
  private static final List<MeterBinder> ACTUATOR_BINDERS =
      List.of(
          new JvmMemoryMetrics(),
          new JvmThreadMetrics(),
          new JvmHeapPressureMetrics(),
          new ClassLoaderMetrics(),
          new ProcessorMetrics(),
          new UptimeMetrics());

  private static final Pattern SERIES =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * One exported series name.
   *
   * @param services the services that export it
   * @param labels label names with the values seen, where the value is known ({@link #ANY_VALUE}
   *     where the source computes it)
   */
  record Series(Set<CrawlerService> services, Map<String, Set<String>> labels) {}

  /** Stands for a tag value the source computes at run time. */
  static final String ANY_VALUE = "*";

  private static Map<String, Series> exported;

  private ExportedMetrics() {}

  /** Every series any service exports, by name. */
  static synchronized Map<String, Series> all() {
    if (exported == null) {
      Map<String, Series> series = new TreeMap<>();
      for (CrawlerService service : CrawlerService.values()) {
        scrape(service)
            .forEach((name, labels) -> {
              Series known =
                  series.computeIfAbsent(name, n -> new Series(new TreeSet<>(), new TreeMap<>()));
              known.services().add(service);
              labels.forEach((label, values) ->
                  known.labels().computeIfAbsent(label, l -> new TreeSet<>()).addAll(values));
            });
      }
      exported = series;
    }
    return exported;
  }

  private static Map<String, Map<String, Set<String>>> scrape(CrawlerService service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ACTUATOR_BINDERS.forEach(binder -> binder.bindTo(registry));
    MeterDeclarations.Declared declared = MeterDeclarations.of(service);
    for (MeterDeclarations.Meter meter : declared.meters()) {
      register(registry, meter, meter.histogram() || histogramInEveryDeployment(service, meter));
    }
    for (String cache : declared.caches()) {
      CaffeineCacheMetrics.monitor(
          registry, Caffeine.newBuilder().recordStats().buildAsync(), cache);
    }
    Map<String, Map<String, Set<String>>> series = new TreeMap<>();
    for (String line : registry.scrape().split("\n")) {
      Matcher matcher = SERIES.matcher(line);
      if (line.startsWith("#") || !matcher.find()) {
        continue;
      }
      Map<String, Set<String>> labels =
          series.computeIfAbsent(matcher.group(1), n -> new TreeMap<>());
      Matcher label = LABEL.matcher(Optional.ofNullable(matcher.group(2)).orElse(""));
      while (label.find()) {
        labels.computeIfAbsent(label.group(1), l -> new TreeSet<>()).add(label.group(2));
      }
    }
    registry.close();
    return series;
  }

  private static void register(
      MeterRegistry registry, MeterDeclarations.Meter meter, boolean histogram) {
    List<String> tags = new ArrayList<>();
    meter
        .tags()
        .forEach((key, value) -> {
          tags.add(key);
          tags.add(value.orElse(ANY_VALUE));
        });
    Tags tagged = Tags.of(tags.toArray(String[]::new));
    String name = meter.name();
    String unit = meter.baseUnit();
    switch (meter.type()) {
      case COUNTER -> Counter.builder(name).baseUnit(unit).tags(tagged).register(registry);
      case FUNCTION_COUNTER ->
          FunctionCounter.builder(name, 0, n -> n).baseUnit(unit).tags(tagged).register(registry);
      case GAUGE, MULTI_GAUGE ->
          Gauge.builder(name, () -> 0).baseUnit(unit).tags(tagged).register(registry);
      case TIME_GAUGE ->
          TimeGauge.builder(name, () -> 0, TimeUnit.SECONDS).tags(tagged).register(registry);
      case TIMER ->
          Timer.builder(name).publishPercentileHistogram(histogram).tags(tagged).register(registry);
      case FUNCTION_TIMER ->
          FunctionTimer.builder(name, 0, n -> 0, n -> 0, TimeUnit.SECONDS)
              .tags(tagged)
              .register(registry);
      case LONG_TASK_TIMER ->
          LongTaskTimer.builder(name)
              .publishPercentileHistogram(histogram)
              .tags(tagged)
              .register(registry);
      case DISTRIBUTION_SUMMARY ->
          DistributionSummary.builder(name)
              .baseUnit(unit)
              .publishPercentileHistogram(histogram)
              .tags(tagged)
              .register(registry);
    }
  }

  /**
   * Whether compose and every rendered overlay turn on the meter's histogram for this service with
   * management.metrics.distribution.percentiles-histogram, which Spring Boot looks up by the meter
   * name, then each shorter dotted prefix of it, then "all".
   */
  private static boolean histogramInEveryDeployment(
      CrawlerService service, MeterDeclarations.Meter meter) {
    List<CrawlerContainer> containers = new ArrayList<>();
    new ComposeFile()
        .crawlerServices().values().stream()
            .filter(c -> c.service() == service)
            .forEach(containers::add);
    Rendered.overlays()
        .forEach((overlay, objects) ->
            CrawlerContainer.inOverlay(overlay, objects).stream()
                .map(CrawlerContainer.Deployed::crawler)
                .filter(c -> c.service() == service)
                .forEach(containers::add));
    return !containers.isEmpty()
        && containers.stream().allMatch(c -> histogramEnabled(c, meter.name()));
  }

  private static boolean histogramEnabled(CrawlerContainer container, String meterName) {
    List<String> candidates = new ArrayList<>();
    for (String prefix = meterName;
        !prefix.isEmpty();
        prefix = prefix.contains(".") ? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
      candidates.add(prefix);
    }
    candidates.add("all");
    for (String candidate : candidates) {
      Optional<String> value =
          container.property("management.metrics.distribution.percentiles-histogram." + candidate);
      if (value.isPresent()) {
        return Boolean.parseBoolean(value.get().strip());
      }
    }
    return false;
  }
}
