package dev.crawler.indexer.index.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.TotalHits;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.NamedValue;
import co.elastic.clients.util.ObjectBuilder;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.indexer.IndexerProperties;
import dev.crawler.indexer.index.DocumentIndex;
import dev.crawler.indexer.index.IndexHealth;
import dev.crawler.indexer.index.IndexUnavailableException;
import dev.crawler.indexer.index.InvalidQueryException;
import dev.crawler.indexer.index.NearDuplicates;
import dev.crawler.indexer.index.OpResult;
import dev.crawler.indexer.index.PageFields;
import dev.crawler.indexer.index.SearchHit;
import dev.crawler.indexer.index.SearchQuery;
import dev.crawler.indexer.index.SearchResult;
import dev.crawler.indexer.index.TextAnalyzer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page index in Elasticsearch: a versioned index ({@code crawl-pages-v1}) behind an alias
 * ({@code crawl-pages}) that every request goes through, so a new mapping can be built beside the
 * old one and switched to atomically.
 *
 * <p>Bulk requests name {@code require_alias}, so a deleted alias never makes Elasticsearch
 * auto-create an index with a guessed mapping; such an item is retried after the index has been
 * created again.
 */
public final class ElasticsearchIndex implements DocumentIndex {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchIndex.class);

  private static final String HIGHLIGHT_PRE = "<em>";
  private static final String HIGHLIGHT_POST = "</em>";
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int FIRST_SERVER_ERROR = 500;
  private static final int MAX_REASON_CHARS = 300;

  private final ElasticsearchClient client;
  private final IndexerProperties.Elasticsearch config;
  private final TextAnalyzer analyzer;
  private final IndexerProperties.Search settings;
  private final String alias;
  private final String concreteIndex;
  private volatile boolean ready;

  /**
   * @param client a client; closed with this index
   * @param config the adapter's configuration
   * @param analyzer the analyzer of the text fields of a new index
   * @param settings snippets and near-duplicate grouping of searches
   */
  public ElasticsearchIndex(
      ElasticsearchClient client,
      IndexerProperties.Elasticsearch config,
      TextAnalyzer analyzer,
      IndexerProperties.Search settings) {
    this.client = client;
    this.config = config;
    this.analyzer = analyzer;
    this.settings = settings;
    this.alias = config.index();
    this.concreteIndex = config.index() + "-v" + config.indexVersion();
  }

  @Override
  public String backend() {
    return "elasticsearch";
  }

  @Override
  public void ensureIndex() {
    if (ready) {
      return;
    }
    try {
      if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
        createIndex();
      }
      ready = true;
    } catch (ElasticsearchException e) {
      if (isRefusal(e.status())) {
        throw new IllegalStateException(
            "Elasticsearch refuses to create index "
                + concreteIndex
                + " (check crawler.indexer.analyzer and crawler.indexer.elasticsearch.*): "
                + reasonOf(e),
            e);
      }
      throw unavailable("cannot create index " + concreteIndex, e);
    } catch (IOException e) {
      throw unavailable("cannot create index " + concreteIndex, e);
    }
  }

  /** A 4xx other than a timeout or overload: asking again will not help. */
  private static boolean isRefusal(int status) {
    return status >= 400 && status < 500 && status != 408 && status != TOO_MANY_REQUESTS;
  }

  private void createIndex() throws IOException {
    try {
      client
          .indices()
          .create(c ->
              c.index(concreteIndex)
                  .settings(PageMapping.settings(config))
                  .mappings(PageMapping.mapping(analyzer))
                  .aliases(alias, a -> a));
      log.info("event=index-created index={} alias={} analyzer={}", concreteIndex, alias, analyzer);
    } catch (ElasticsearchException e) {
      if (!"resource_already_exists_exception".equals(e.error().type())) {
        throw e;
      }
      // Another indexer created it first, or the alias was removed by hand: point it back.
      client.indices().putAlias(a -> a.index(concreteIndex).name(alias));
    }
  }

  @Override
  public List<OpResult> apply(List<IndexOp> ops) {
    if (ops.isEmpty()) {
      return List.of();
    }
    BulkRequest.Builder bulk = new BulkRequest.Builder().index(alias).requireAlias(true);
    for (IndexOp op : ops) {
      String id = PageFields.idOf(op.url());
      switch (op.action()) {
        case UPSERT ->
            bulk.operations(o -> o.index(i -> i.id(id).document(PageSource.of(op.document()))));
        case DELETE -> bulk.operations(o -> o.delete(d -> d.id(id)));
      }
    }
    BulkResponse response;
    try {
      response = client.bulk(bulk.build());
    } catch (IOException | ElasticsearchException e) {
      throw unavailable("bulk request failed", e);
    }
    List<OpResult> results = new ArrayList<>(ops.size());
    for (BulkResponseItem item : response.items()) {
      results.add(resultOf(item));
    }
    return results;
  }

  private OpResult resultOf(BulkResponseItem item) {
    ErrorCause error = item.error();
    if (error == null) {
      // A delete of a missing document answers 404 "not_found" without an error: done all the same.
      return OpResult.APPLIED;
    }
    String reason = describe(error);
    if ("index_not_found_exception".equals(error.type())) {
      ready = false;
      return new OpResult.Retryable(reason);
    }
    // A block (a write block set by an operator, the read-only block of the flood-stage disk
    // watermark) refuses every document alike until it is lifted: a state of the index, not a
    // fault of the document, whatever its status (403 or 429).
    if ("cluster_block_exception".equals(error.type())
        || item.status() == TOO_MANY_REQUESTS
        || item.status() >= FIRST_SERVER_ERROR) {
      return new OpResult.Retryable(reason);
    }
    return new OpResult.Rejected(reason);
  }

  @Override
  public SearchResult search(SearchQuery query) {
    ensureIndex();
    Query filtered = queryOf(query);
    int wanted = query.from() + query.size();
    int chunk = Math.min(SearchQuery.MAX_WINDOW, Math.max(wanted, settings.collapseWindow()));
    NearDuplicates<Hit<GroupSource>> groups = new NearDuplicates<>(settings.nearDuplicateBits());
    long total = 0;
    int scanned = 0;
    while (true) {
      int from = scanned;
      int size = Math.min(chunk, SearchQuery.MAX_WINDOW - scanned);
      SearchResponse<GroupSource> response =
          searchOrThrow(
              s ->
                  s.index(alias)
                      .query(filtered)
                      .from(from)
                      .size(size)
                      .trackTotalHits(t -> t.enabled(from == 0))
                      .source(src -> src.filter(f -> f.includes(GroupSource.FIELDS))),
              GroupSource.class);
      if (from == 0) {
        TotalHits hits = response.hits().total();
        total = hits == null ? response.hits().hits().size() : hits.value();
      }
      for (Hit<GroupSource> hit : response.hits().hits()) {
        GroupSource source = hit.source();
        groups.add(
            new NearDuplicates.Match<>(
                hit, source.url(), source.duplicateGroup(), source.simhash()));
      }
      scanned += response.hits().hits().size();
      if (response.hits().hits().size() < size
          || groups.groups() >= wanted
          || scanned >= SearchQuery.MAX_WINDOW) {
        break;
      }
    }
    List<NearDuplicates.Group<Hit<GroupSource>>> page = groups.page(query.from(), query.size());
    return new SearchResult(total, groups.folded(), hitsOf(filtered, page));
  }

  /**
   * The shown hits of a page, highlighted: one more request for just the leaders, since
   * highlighting every match scanned for grouping would cost far more.
   */
  private List<SearchHit> hitsOf(
      Query filtered, List<NearDuplicates.Group<Hit<GroupSource>>> page) {
    if (page.isEmpty()) {
      return List.of();
    }
    List<String> ids = page.stream().map(g -> g.leader().handle().id()).toList();
    HighlightField snippet =
        HighlightField.of(f ->
            f.fragmentSize(settings.snippetChars())
                .numberOfFragments(1)
                .noMatchSize(settings.snippetChars()));
    SearchResponse<HitSource> response =
        searchOrThrow(
            s ->
                s.index(alias)
                    .query(
                        q -> q.bool(b -> b.must(filtered).filter(f -> f.ids(i -> i.values(ids)))))
                    .size(ids.size())
                    .source(src -> src.filter(f -> f.includes(HitSource.FIELDS)))
                    .highlight(h ->
                        h.encoder(HighlighterEncoder.Html)
                            .preTags(HIGHLIGHT_PRE)
                            .postTags(HIGHLIGHT_POST)
                            .fields(
                                NamedValue.of(PageFields.BODY, snippet),
                                NamedValue.of(PageFields.DESCRIPTION, snippet))),
            HitSource.class);
    Map<String, Hit<HitSource>> shown = new HashMap<>();
    response.hits().hits().forEach(hit -> shown.put(hit.id(), hit));
    List<SearchHit> hits = new ArrayList<>(page.size());
    for (NearDuplicates.Group<Hit<GroupSource>> group : page) {
      Hit<GroupSource> leader = group.leader().handle();
      Hit<HitSource> hit = shown.get(leader.id());
      if (hit != null) {
        // A page deleted between the two requests is left out rather than shown without text.
        hits.add(hitOf(hit, leader.score(), group.duplicateUrls()));
      }
    }
    return hits;
  }

  private <T> SearchResponse<T> searchOrThrow(
      Function<SearchRequest.Builder, ObjectBuilder<SearchRequest>> request, Class<T> type) {
    try {
      return client.search(request, type);
    } catch (ElasticsearchException e) {
      if (e.status() == 400) {
        // The only user input in the request is the query text; everything else is ours.
        throw new InvalidQueryException("q", "the index refused the query: " + describe(e.error()));
      }
      throw unavailable("search failed", e);
    } catch (IOException e) {
      throw unavailable("search failed", e);
    }
  }

  private SearchHit hitOf(Hit<HitSource> hit, Double score, List<String> duplicateUrls) {
    HitSource source = hit.source();
    Map<String, List<String>> highlight = hit.highlight();
    return new SearchHit(
        source.url(),
        source.title(),
        SearchHit.snippetOf(
            first(highlight.get(PageFields.BODY)), first(highlight.get(PageFields.DESCRIPTION))),
        score == null ? 0 : score,
        source.host(),
        source.fetchedAt(),
        duplicateUrls.size(),
        duplicateUrls.subList(0, Math.min(settings.duplicateUrls(), duplicateUrls.size())));
  }

  private static String first(List<String> fragments) {
    return fragments == null || fragments.isEmpty() ? null : fragments.getFirst();
  }

  private static Query queryOf(SearchQuery query) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    bool.must(m ->
        m.simpleQueryString(s ->
            s.query(query.text())
                .fields(
                    PageFields.TITLE + "^" + SearchQuery.TITLE_BOOST,
                    PageFields.HEADINGS + "^" + SearchQuery.HEADINGS_BOOST,
                    PageFields.DESCRIPTION,
                    PageFields.BODY)
                .defaultOperator(Operator.And)));
    if (query.crawlId() != null) {
      bool.filter(f -> f.term(t -> t.field(PageFields.CRAWL_ID).value(query.crawlId())));
    }
    if (query.host() != null) {
      bool.filter(f -> f.term(t -> t.field(PageFields.HOST).value(query.host())));
    }
    return bool.build()._toQuery();
  }

  @Override
  public long countByCrawl(String crawlId) {
    try {
      return client
          .count(c ->
              c.index(alias).query(q -> q.term(t -> t.field(PageFields.CRAWL_ID).value(crawlId))))
          .count();
    } catch (IOException | ElasticsearchException e) {
      throw unavailable("count failed", e);
    }
  }

  @Override
  public void refresh() {
    try {
      client.indices().refresh(r -> r.index(alias));
    } catch (IOException | ElasticsearchException e) {
      throw unavailable("refresh failed", e);
    }
  }

  @Override
  public IndexHealth health() {
    try {
      ensureIndex();
      // The cluster health API, not GET /: some builds (the integ-test one) do not serve GET /.
      HealthStatus status = client.cluster().health().status();
      return new IndexHealth(
          status != HealthStatus.Red,
          Map.of(
              "backend",
              backend(),
              "alias",
              alias,
              "index",
              concreteIndex,
              "cluster",
              status.jsonValue()));
    } catch (IOException | RuntimeException e) {
      return new IndexHealth(
          false, Map.of("backend", backend(), "alias", alias, "error", reasonOf(e)));
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      log.warn("event=close-failed backend=elasticsearch reason=\"{}\"", e.toString());
    }
  }

  private static IndexUnavailableException unavailable(String what, Exception cause) {
    return new IndexUnavailableException(what + ": " + reasonOf(cause), cause);
  }

  private static String reasonOf(Exception e) {
    if (e instanceof ElasticsearchException es) {
      return "status " + es.status() + " " + describe(es.error());
    }
    if (e instanceof TransportException te) {
      return "status " + te.statusCode() + " " + te.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String describe(ErrorCause error) {
    if (error == null) {
      return "unknown error";
    }
    String text = error.type() + ": " + abbreviate(error.reason());
    ErrorCause cause = error.causedBy();
    return cause == null
        ? text
        : text + " (caused by " + cause.type() + ": " + abbreviate(cause.reason()) + ")";
  }

  /**
   * Elasticsearch quotes the offending value in its reasons; shortened, the cause still fits in a
   * dead letter's reason header.
   */
  private static String abbreviate(String reason) {
    if (reason == null || reason.length() <= MAX_REASON_CHARS) {
      return reason;
    }
    return reason.substring(0, MAX_REASON_CHARS) + "…";
  }
}
