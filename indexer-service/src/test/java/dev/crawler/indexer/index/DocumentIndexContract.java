package dev.crawler.indexer.index;

import static dev.crawler.indexer.index.Pages.page;
import static dev.crawler.indexer.index.Pages.pageWithSimhash;
import static dev.crawler.indexer.index.Pages.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.indexer.IndexerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link DocumentIndex} adapter promises, run against each of them. Tests share one
 * index per class and keep apart by crawl id; every search filters on its test's crawl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DocumentIndexContract {

  /** Searches see writes after a refresh; the adapters under test refresh every 100 ms. */
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);

  protected static final int SNIPPET_CHARS = 120;

  /** Search settings as in indexer.yaml, with shorter snippets. */
  public static final IndexerProperties.Search SEARCH =
      new IndexerProperties.Search(10, 100, 1_000, SNIPPET_CHARS, 3, 500, 10);

  private DocumentIndex index;
  private String crawl;

  /** A new, empty index of the adapter under test, analysed with the standard analyzer. */
  protected abstract DocumentIndex openIndex();

  @BeforeAll
  void open() {
    index = openIndex();
    index.ensureIndex();
  }

  @AfterAll
  void close() {
    index.close();
  }

  @BeforeEach
  void newCrawl() {
    crawl = "crawl-" + UUID.randomUUID();
  }

  @Test
  void anUpsertedPageIsFoundByAWordOfItsBody() {
    List<OpResult> results =
        index.apply(List.of(upsert(page(crawl, "/a", "Alpha", "the quick brown fox"))));

    assertThat(results).containsExactly(OpResult.APPLIED);
    SearchResult result = searchUntil("quick", hits -> hits.total() == 1);
    SearchHit hit = result.hits().getFirst();
    assertThat(hit.url()).isEqualTo("https://example.test/a");
    assertThat(hit.title()).isEqualTo("Alpha");
    assertThat(hit.host()).isEqualTo("example.test");
    assertThat(hit.fetchedAt()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(hit.score()).isPositive();
  }

  @Test
  void aRefreshMakesWhatWasAppliedCountAtOnce() {
    index.apply(
        List.of(
            upsert(page(crawl, "/r1", "One", "refreshed words")),
            upsert(page(crawl, "/r2", "Two", "refreshed words"))));

    index.refresh();

    assertThat(index.countByCrawl(crawl)).isEqualTo(2);
  }

  @Test
  void upsertingTheSameUrlAgainLeavesOneDocumentWithTheLatestContent() {
    index.apply(List.of(upsert(page(crawl, "/same", "First", "original words"))));
    index.apply(List.of(upsert(page(crawl, "/same", "Second", "replacement words"))));
    index.apply(List.of(upsert(page(crawl, "/same", "Second", "replacement words"))));

    SearchResult result =
        searchUntil(
            "words",
            hits -> hits.hits().size() == 1 && "Second".equals(hits.hits().getFirst().title()));
    assertThat(result.total()).isEqualTo(1);
    assertThat(index.countByCrawl(crawl)).isEqualTo(1);
    assertThat(search("original").total()).isZero();
  }

  @Test
  void aDeleteRemovesThePageAndADeleteOfAnUnknownUrlIsApplied() {
    ParsedDocument doomed = page(crawl, "/doomed", "Doomed", "ephemeral content");
    index.apply(List.of(upsert(doomed)));
    searchUntil("ephemeral", hits -> hits.total() == 1);

    List<OpResult> results =
        index.apply(
            List.of(
                IndexOp.delete(crawl, doomed.url()),
                IndexOp.delete(crawl, "https://example.test/never-indexed")));

    assertThat(results).containsExactly(OpResult.APPLIED, OpResult.APPLIED);
    searchUntil("ephemeral", hits -> hits.total() == 0);
    assertThat(index.countByCrawl(crawl)).isZero();
  }

  @Test
  void aMatchInTheTitleRanksAboveAMatchInTheBody() {
    index.apply(
        List.of(
            upsert(page(crawl, "/body", "Gardening tips", "a page that mentions zeppelin once")),
            upsert(page(crawl, "/title", "Zeppelin", "a page about airships of the past"))));

    SearchResult result = searchUntil("zeppelin", hits -> hits.total() == 2);

    assertThat(result.hits())
        .extracting(SearchHit::url)
        .containsExactly("https://example.test/title", "https://example.test/body");
  }

  @Test
  void theQuerySyntaxKnowsPhrasesOrAndNot() {
    index.apply(
        List.of(
            upsert(page(crawl, "/1", "One", "red apple pie")),
            upsert(page(crawl, "/2", "Two", "apple red wine")),
            upsert(page(crawl, "/3", "Three", "green pear"))));
    searchUntil("apple | pear", hits -> hits.total() == 3);

    assertThat(urls(search("\"red apple\""))).containsExactly("https://example.test/1");
    assertThat(urls(search("apple -wine"))).containsExactly("https://example.test/1");
    assertThat(urls(search("red apple"))).hasSize(2);
    assertThat(urls(search("wine | pear")))
        .containsExactlyInAnyOrder("https://example.test/2", "https://example.test/3");
  }

  @Test
  void searchesFilterByCrawlAndByHost() {
    String otherCrawl = crawl + "-other";
    index.apply(
        List.of(
            upsert(page(crawl, "alpha.test", "/a", "A", "shared term", "h-" + crawl + "a")),
            upsert(page(crawl, "beta.test", "/b", "B", "shared term", "h-" + crawl + "b")),
            upsert(page(otherCrawl, "alpha.test", "/c", "C", "shared term", "h-" + crawl + "c"))));
    searchUntil("shared", hits -> hits.total() == 2);

    assertThat(urls(index.search(new SearchQuery("shared", crawl, "ALPHA.test", 1, 10))))
        .containsExactly("https://alpha.test/a");
    assertThat(urls(index.search(new SearchQuery("shared", otherCrawl, null, 1, 10))))
        .containsExactly("https://alpha.test/c");
    assertThat(index.countByCrawl(crawl)).isEqualTo(2);
    assertThat(index.countByCrawl(otherCrawl)).isEqualTo(1);
  }

  @Test
  void pagesFollowEachOtherWithoutOverlap() {
    index.apply(
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(
                i -> upsert(page(crawl, "/p" + i, "Page " + i, "paging " + "word ".repeat(i))))
            .toList());
    searchUntil("paging", hits -> hits.total() == 5);

    SearchResult first = index.search(new SearchQuery("paging", crawl, null, 1, 2));
    SearchResult second = index.search(new SearchQuery("paging", crawl, null, 2, 2));
    SearchResult third = index.search(new SearchQuery("paging", crawl, null, 3, 2));
    SearchResult beyond = index.search(new SearchQuery("paging", crawl, null, 4, 2));

    assertThat(first.total()).isEqualTo(5);
    assertThat(urls(first)).hasSize(2);
    assertThat(urls(second)).hasSize(2).doesNotContainAnyElementsOf(urls(first));
    assertThat(urls(third))
        .hasSize(1)
        .doesNotContainAnyElementsOf(urls(first))
        .doesNotContainAnyElementsOf(urls(second));
    assertThat(beyond.hits()).isEmpty();
    assertThat(beyond.total()).isEqualTo(5);
  }

  @Test
  void theSnippetHighlightsMatchesAndEscapesThePageText() {
    index.apply(
        List.of(
            upsert(
                page(
                    crawl,
                    "/html",
                    "Markup",
                    "if a < b && c > d then <script>alert('x')</script> highlightme now"))));

    SearchResult result = searchUntil("highlightme", hits -> hits.total() == 1);

    String snippet = result.hits().getFirst().snippet();
    assertThat(snippet)
        .contains("<em>highlightme</em>")
        .contains("&lt;")
        .doesNotContain("<script>");
    assertThat(snippet.replace("<em>", "").replace("</em>", "")).doesNotContain("<", ">");
  }

  @Test
  void aPageWithoutMatchInItsBodyStillGetsASnippetOfItsBody() {
    index.apply(
        List.of(upsert(page(crawl, "/t", "Titleonlyterm", "plain body text without the word"))));

    SearchResult result = searchUntil("titleonlyterm", hits -> hits.total() == 1);

    assertThat(result.hits().getFirst().snippet()).contains("plain body text");
  }

  @Test
  void nearDuplicatesCollapseToOneHit() {
    String hash = "dup-" + crawl;
    index.apply(
        List.of(
            upsert(page(crawl, "example.test", "/copy1", "Copy", "duplicated article", hash)),
            upsert(page(crawl, "mirror.test", "/copy2", "Copy", "duplicated article", hash)),
            upsert(
                page(
                    crawl,
                    "example.test",
                    "/unique",
                    "Other",
                    "duplicated elsewhere",
                    "u-" + crawl)),
            upsert(page(crawl, "example.test", "/nohash", "None", "duplicated nohash", null))));
    searchUntil("duplicated", hits -> hits.total() == 4);

    SearchResult result = index.search(new SearchQuery("duplicated", crawl, null, 1, 10));

    assertThat(result.hits()).hasSize(3);
    assertThat(urls(result))
        .contains("https://example.test/unique", "https://example.test/nohash")
        .containsAnyOf("https://example.test/copy1", "https://mirror.test/copy2");
  }

  @Test
  void pagesWhoseSimhashesDifferInAFewBitsAreOneHitThatCountsAndListsTheOthers() {
    long calendar = Pages.fingerprintOf("calendar-" + crawl);
    index.apply(
        List.of(
            upsert(
                pageWithSimhash(
                    crawl, "example.test", "/day/1", "Events events", "events", calendar)),
            upsert(
                pageWithSimhash(
                    crawl, "example.test", "/day/2", "Events", "events", calendar ^ 0b101)),
            upsert(
                pageWithSimhash(
                    crawl, "example.test", "/day/3", "Events", "events", calendar ^ 0b111)),
            upsert(
                pageWithSimhash(
                    crawl, "example.test", "/news", "News", "events", calendar ^ 0xF0F0L))));
    searchUntil("events", hits -> hits.total() == 4);

    SearchResult result = index.search(new SearchQuery("events", crawl, null, 1, 10));

    assertThat(result.collapsed()).isEqualTo(2);
    assertThat(result.hits()).hasSize(2);
    SearchHit best = result.hits().getFirst();
    assertThat(best.url()).isEqualTo("https://example.test/day/1");
    assertThat(best.collapsed()).isEqualTo(2);
    assertThat(best.duplicates())
        .containsExactlyInAnyOrder("https://example.test/day/2", "https://example.test/day/3");
    assertThat(result.hits().get(1).url()).isEqualTo("https://example.test/news");
    assertThat(result.hits().get(1).collapsed()).isZero();
  }

  @Test
  void aDocumentTheIndexCannotHoldIsRejectedWithAReasonWhileTheOthersAreApplied() {
    ParsedDocument good = page(crawl, "/good", "Good", "acceptable document");
    ParsedDocument immense = page(crawl, "/" + "x".repeat(40_000), "Bad", "acceptable document");

    List<OpResult> results = index.apply(List.of(upsert(good), upsert(immense)));

    assertThat(results.get(0)).isEqualTo(OpResult.APPLIED);
    assertThat(results.get(1)).isInstanceOf(OpResult.Rejected.class);
    assertThat(((OpResult.Rejected) results.get(1)).reason()).containsIgnoringCase("immense term");
    searchUntil("acceptable", hits -> hits.total() == 1);
  }

  @Test
  void aWordOfAHeadingOrOfTheDescriptionFindsThePage() {
    index.apply(
        List.of(
            upsert(page(crawl, "/h", "Plain", "", List.of("Kestrel nesting season"), "body text")),
            upsert(
                page(crawl, "/d", "Plain", "Osprey sightings this week", List.of(), "body text"))));

    assertThat(urls(searchUntil("kestrel", hits -> hits.total() == 1)))
        .containsExactly("https://example.test/h");
    SearchResult byDescription = searchUntil("osprey", hits -> hits.total() == 1);
    assertThat(urls(byDescription)).containsExactly("https://example.test/d");
  }

  @Test
  void aFetchTimeBeyondTheDateRangeOfTheIndexIsRejectedWithAReason() {
    ParsedDocument good = page(crawl, "/in-range", "Good", "timely document");
    ParsedDocument outOfRange =
        Pages.pageFetchedAt(crawl, "/out-of-range", "Bad", "timely document", Instant.MAX);

    List<OpResult> results = index.apply(List.of(upsert(good), upsert(outOfRange)));

    assertThat(results.get(0)).isEqualTo(OpResult.APPLIED);
    assertThat(results.get(1))
        .isInstanceOfSatisfying(
            OpResult.Rejected.class, rejected -> assertThat(rejected.reason()).isNotBlank());
    searchUntil("timely", hits -> hits.total() == 1);
  }

  @Test
  void theHealthOfAReachableIndexIsUp() {
    IndexHealth health = index.health();

    assertThat(health.up()).isTrue();
    assertThat(health.details()).containsEntry("backend", index.backend());
  }

  private SearchResult search(String text) {
    return index.search(new SearchQuery(text, crawl, null, 1, 10));
  }

  private SearchResult searchUntil(String text, Predicate<SearchResult> condition) {
    return await().atMost(VISIBLE_WITHIN).until(() -> search(text), condition);
  }

  private static List<String> urls(SearchResult result) {
    return result.hits().stream().map(SearchHit::url).toList();
  }
}
