package dev.crawler.deploy;

import io.micrometer.core.instrument.binder.BaseUnits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Micrometer meters a service's main source declares, read from the source text: each {@code
 * Counter.builder("name")...register(registry)} chain (and the other meter builders) with its base
 * unit, histogram and tag keys, and each Caffeine cache it monitors with {@code
 * CaffeineCacheMetrics.monitor}. Reading the source, rather than a list kept by hand, is what keeps
 * the dashboard from querying meters that no longer exist.
 */
final class MeterDeclarations {

  /** The meter types a builder can make, as Micrometer names the builder's class. */
  enum Type {
    COUNTER,
    FUNCTION_COUNTER,
    GAUGE,
    MULTI_GAUGE,
    TIME_GAUGE,
    TIMER,
    FUNCTION_TIMER,
    LONG_TASK_TIMER,
    DISTRIBUTION_SUMMARY;

    static Type ofBuilder(String builderClass) {
      return valueOf(builderClass.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase());
    }
  }

  /**
   * One meter as declared in the source.
   *
   * @param source for messages: the file that declares it
   * @param tags tag keys, each with its value where the source gives it as a literal
   */
  record Meter(
      String source,
      Type type,
      String name,
      String baseUnit,
      boolean histogram,
      Map<String, Optional<String>> tags) {}

  /**
   * What a service registers.
   *
   * @param meters the meters it builds itself
   * @param caches the names of the Caffeine caches it monitors
   */
  record Declared(List<Meter> meters, List<String> caches) {}

  private static final Pattern BUILDER =
      Pattern.compile(
          "\\b(Counter|FunctionCounter|Gauge|MultiGauge|TimeGauge|Timer|FunctionTimer"
              + "|LongTaskTimer|DistributionSummary)\\.builder\\(\\s*\"([^\"]+)\"");
  private static final Pattern BASE_UNIT =
      Pattern.compile("\\.baseUnit\\(\\s*(?:\"([^\"]+)\"|BaseUnits\\.(\\w+))\\s*\\)");
  private static final Pattern HISTOGRAM =
      Pattern.compile("\\.publishPercentileHistogram\\(\\s*(true)?\\s*\\)");
  private static final Pattern TAG =
      Pattern.compile("\\.tag\\(\\s*\"([^\"]+)\"\\s*,\\s*(?:\"([^\"]*)\"|[^)]*)\\)");
  private static final Pattern TAGS_OF = Pattern.compile("\\bTags\\.of\\(");
  private static final Pattern CACHE_MONITOR =
      Pattern.compile("\\bCaffeineCacheMetrics\\.monitor\\(");
  private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");

  private MeterDeclarations() {}

  static Declared of(CrawlerService service) {
    Path sources = DeployFiles.repository().resolve(service.module()).resolve("src/main/java");
    List<Meter> meters = new ArrayList<>();
    List<String> caches = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String text = Files.readString(file);
        String where = DeployFiles.repository().relativize(file).toString();
        meters.addAll(meters(where, text));
        Matcher monitor = CACHE_MONITOR.matcher(text);
        while (monitor.find()) {
          List<String> literals = literals(arguments(text, monitor.end()));
          if (literals.isEmpty()) {
            throw new IllegalStateException(
                where + ": CaffeineCacheMetrics.monitor without a literal cache name");
          }
          caches.add(literals.getLast());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Declared(meters, caches);
  }

  private static List<Meter> meters(String where, String text) {
    List<Meter> meters = new ArrayList<>();
    Matcher builder = BUILDER.matcher(text);
    while (builder.find()) {
      int register = text.indexOf(".register(", builder.end());
      if (register < 0) {
        throw new IllegalStateException(
            where + ": meter " + builder.group(2) + " is never registered");
      }
      String chain = text.substring(builder.end(), register);
      Type type = Type.ofBuilder(builder.group(1));
      Matcher unit = BASE_UNIT.matcher(chain);
      String baseUnit = unit.find() ? baseUnit(unit) : null;
      Matcher histogram = HISTOGRAM.matcher(chain);
      Map<String, Optional<String>> tags = new LinkedHashMap<>();
      Matcher tag = TAG.matcher(chain);
      while (tag.find()) {
        tags.put(tag.group(1), Optional.ofNullable(tag.group(2)));
      }
      if (type == Type.MULTI_GAUGE) {
        // A MultiGauge's tags come with its rows, built elsewhere in the same class.
        Matcher rows = TAGS_OF.matcher(text);
        while (rows.find()) {
          List<String> arguments = split(arguments(text, rows.end()));
          for (int i = 0; i + 1 < arguments.size(); i += 2) {
            Matcher key = STRING.matcher(arguments.get(i).strip());
            Matcher value = STRING.matcher(arguments.get(i + 1).strip());
            if (key.matches()) {
              tags.put(
                  key.group(1), value.matches() ? Optional.of(value.group(1)) : Optional.empty());
            }
          }
        }
      }
      meters.add(
          new Meter(where, type, builder.group(2), baseUnit, histogram.find(), Map.copyOf(tags)));
    }
    return meters;
  }

  private static String baseUnit(Matcher unit) {
    if (unit.group(1) != null) {
      return unit.group(1);
    }
    try {
      return (String) BaseUnits.class.getField(unit.group(2)).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("BaseUnits has no " + unit.group(2), e);
    }
  }

  /** The text between an opening parenthesis (just before {@code start}) and its closing one. */
  private static String arguments(String text, int start) {
    int depth = 1;
    boolean quoted = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' && text.charAt(i - 1) != '\\') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return text.substring(start, i);
      }
    }
    throw new IllegalStateException("unbalanced parentheses after: " + text.substring(start));
  }

  /** Top-level comma-separated arguments. */
  private static List<String> split(String arguments) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int from = 0;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (c == '"' && (i == 0 || arguments.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        parts.add(arguments.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(arguments.substring(from));
    return parts;
  }

  private static List<String> literals(String text) {
    List<String> literals = new ArrayList<>();
    Matcher literal = STRING.matcher(text);
    while (literal.find()) {
      literals.add(literal.group(1));
    }
    return literals;
  }
}
