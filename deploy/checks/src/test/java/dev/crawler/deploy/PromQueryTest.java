package dev.crawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading the dashboard check relies on. */
class PromQueryTest {

  @Test
  void aggregationOverARangeReadsTheMetricAndItsGroupingLabels() {
    PromQuery query =
        PromQuery.parse(
            "histogram_quantile(0.95, sum by (le, instance) (rate(x_seconds_bucket[$__rate_interval])))");

    assertThat(query.metrics()).containsExactly("x_seconds_bucket");
    assertThat(query.groupingLabels()).containsExactly("le", "instance");
    assertThat(query.matchers()).isEmpty();
  }

  @Test
  void selectorsYieldTheirMetricsAndLabelMatchersButNotFunctionsOrKeywords() {
    PromQuery query =
        PromQuery.parse(
            "sum(rate(cache_gets_total{cache=\"robots\",result!=\"miss\"}[5m])) / on (job)"
                + " sum(cache_size{cache=~\"rob.*\"}) > bool 0 and up offset 5m");

    assertThat(query.metrics()).containsExactly("cache_gets_total", "cache_size", "up");
    assertThat(query.groupingLabels()).containsExactly("job");
    assertThat(query.matchers())
        .containsExactly(
            new PromQuery.LabelMatcher("cache_gets_total", "cache", "=", "robots"),
            new PromQuery.LabelMatcher("cache_gets_total", "result", "!=", "miss"),
            new PromQuery.LabelMatcher("cache_size", "cache", "=~", "rob.*"));
  }

  @Test
  void aBareMetricIsReadWhateverItsPosition() {
    assertThat(PromQuery.parse("process_cpu_usage").metrics()).containsExactly("process_cpu_usage");
    assertThat(PromQuery.parse("max by (crawl, counter) (frontier_crawl_urls)").metrics())
        .containsExactly("frontier_crawl_urls");
  }
}
