package dev.crawler.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression reads: the metric names it selects, the label matchers it applies, and
 * the labels it groups or joins by. Enough of PromQL for dashboard queries: selectors with or
 * without braces, range vectors, functions, aggregations with by/without, binary operators with
 * on/ignoring, and Grafana's $variables.
 *
 * @param metrics metric names, in order of appearance
 * @param matchers label matchers of the selectors, with the metric they apply to (null for a
 *     selector without a name)
 * @param groupingLabels labels of by, without, on, ignoring, group_left and group_right clauses
 */
record PromQuery(Set<String> metrics, List<LabelMatcher> matchers, Set<String> groupingLabels) {

  /**
   * One label matcher.
   *
   * @param metric the metric of its selector
   * @param operator =, !=, =~ or !~
   */
  record LabelMatcher(String metric, String label, String operator, String value) {}

  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
  private static final Pattern LABEL_MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.$:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan");

  static PromQuery parse(String expression) {
    Set<String> grouping = new LinkedHashSet<>();
    Matcher groups = GROUPING.matcher(expression);
    while (groups.find()) {
      for (String label : groups.group(1).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.strip());
        }
      }
    }
    List<LabelMatcher> matchers = new ArrayList<>();
    Matcher selector = SELECTOR.matcher(expression);
    while (selector.find()) {
      Matcher label = LABEL_MATCHER.matcher(selector.group(2));
      while (label.find()) {
        matchers.add(
            new LabelMatcher(selector.group(1), label.group(1), label.group(2), label.group(3)));
      }
    }
    // What is left after removing label matchers, ranges, strings and clauses are metric names,
    // function and aggregation names (followed by a parenthesis), keywords and numbers.
    String bare =
        GROUPING
            .matcher(expression)
            .replaceAll(" ")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ");
    Set<String> metrics = new LinkedHashSet<>();
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      String name = identifier.group(1);
      if (!KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
        metrics.add(name);
      }
    }
    return new PromQuery(metrics, matchers, grouping);
  }
}
