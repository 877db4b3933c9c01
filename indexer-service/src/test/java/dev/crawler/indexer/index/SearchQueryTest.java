package dev.crawler.indexer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchQueryTest {

  @Test
  void aQueryNormalisesItsFiltersAndKnowsItsOffset() {
    SearchQuery query = new SearchQuery("fox", " ", " Example.TEST ", 3, 20);

    assertThat(query.crawlId()).isNull();
    assertThat(query.host()).isEqualTo("example.test");
    assertThat(query.from()).isEqualTo(40);
  }

  @Test
  void pagesStartAtOne() {
    assertThatThrownBy(() -> new SearchQuery("fox", null, null, 0, 10))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("page"));
  }

  @Test
  void aPageHoldsAtLeastOneHit() {
    assertThatThrownBy(() -> new SearchQuery("fox", null, null, 1, 0))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("size"));
  }

  @Test
  void pagingStopsAtTheResultWindow() {
    assertThat(new SearchQuery("fox", null, null, 100, 100).from()).isEqualTo(9_900);
    assertThatThrownBy(() -> new SearchQuery("fox", null, null, 101, 100))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("page"));
  }

  @Test
  void aQueryOfOperatorsAloneIsRefused() {
    assertThatThrownBy(() -> new SearchQuery("+ - | \"\"", null, null, 1, 10))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("q");
              assertThat(e.getMessage()).contains("no searchable terms");
            });
  }

  @Test
  void aBlankQueryIsRefused() {
    assertThatThrownBy(() -> new SearchQuery("  ", null, null, 1, 10))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
  }
}
