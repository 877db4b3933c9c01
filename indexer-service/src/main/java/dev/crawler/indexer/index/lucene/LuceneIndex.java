package dev.crawler.indexer.index.lucene;

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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page index as an embedded Lucene index on local disk, for a crawl on one machine.
 *
 * <p>Durability and visibility are separate: {@link #apply} commits before it returns (so Kafka
 * offsets are committed only for data that survives a crash), while searches see changes when the
 * near-real-time searcher is refreshed, every {@code crawler.indexer.lucene.refresh-interval}. One
 * process owns the directory (Lucene's write lock); a second one fails at start-up.
 */
public final class LuceneIndex implements DocumentIndex {

  private static final Logger log = LoggerFactory.getLogger(LuceneIndex.class);

  private static final Set<String> HIT_FIELDS =
      Set.of(PageFields.URL, PageFields.TITLE, PageFields.HOST, PageFields.FETCHED_AT);
  private static final Set<String> GROUP_FIELDS = Set.of(PageFields.URL, PageFields.SIMHASH);
  private static final String[] SNIPPET_FIELDS = {PageFields.BODY, PageFields.DESCRIPTION};
  private static final Map<String, Float> FIELD_WEIGHTS =
      Map.of(
          PageFields.TITLE,
          SearchQuery.TITLE_BOOST,
          PageFields.HEADINGS,
          SearchQuery.HEADINGS_BOOST,
          PageFields.DESCRIPTION,
          1f,
          PageFields.BODY,
          1f);

  /** Where a snippet passage breaks around its target length: 0.5 centres it on the match. */
  private static final float PASSAGE_ALIGNMENT = 0.5f;

  private final Path path;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ScheduledExecutorService refresher;
  private final IndexerProperties.Search settings;

  private LuceneIndex(
      Path path,
      Analyzer analyzer,
      Directory directory,
      IndexWriter writer,
      IndexerProperties.Search settings)
      throws IOException {
    this.path = path;
    this.analyzer = analyzer;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.settings = settings;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().name("lucene-refresh").daemon().unstarted(runnable));
  }

  /**
   * Opens (or creates) the index in its directory and starts refreshing its searcher.
   *
   * @throws UncheckedIOException if the directory cannot be opened or is locked by another writer
   */
  public static LuceneIndex open(
      IndexerProperties.Lucene config,
      TextAnalyzer textAnalyzer,
      IndexerProperties.Search settings) {
    Path path = config.path().toAbsolutePath();
    Analyzer analyzer = textAnalyzer.newLuceneAnalyzer();
    try {
      Files.createDirectories(path);
      Directory directory = FSDirectory.open(path);
      IndexWriterConfig writerConfig =
          new IndexWriterConfig(analyzer)
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setRAMBufferSizeMB(config.ramBuffer().toMegabytes())
              .setCommitOnClose(true);
      LuceneIndex index =
          new LuceneIndex(
              path, analyzer, directory, new IndexWriter(directory, writerConfig), settings);
      long interval = config.refreshInterval().toMillis();
      index.refresher.scheduleWithFixedDelay(
          index::periodicRefresh, interval, interval, TimeUnit.MILLISECONDS);
      log.info("event=index-opened backend=lucene path={} analyzer={}", path, textAnalyzer);
      return index;
    } catch (IOException e) {
      analyzer.close();
      throw new UncheckedIOException("cannot open the Lucene index at " + path, e);
    }
  }

  @Override
  public String backend() {
    return "lucene";
  }

  @Override
  public void ensureIndex() {
    if (!writer.isOpen()) {
      throw new IndexUnavailableException(
          "the Lucene index writer is closed: " + writer.getTragicException());
    }
  }

  @Override
  public List<OpResult> apply(List<IndexOp> ops) {
    List<OpResult> results = new ArrayList<>(ops.size());
    try {
      for (IndexOp op : ops) {
        Term id = new Term(PageDocument.ID, PageFields.idOf(op.url()));
        switch (op.action()) {
          case UPSERT -> results.add(upsert(id, op));
          case DELETE -> {
            writer.deleteDocuments(id);
            results.add(OpResult.APPLIED);
          }
        }
      }
      writer.commit();
      return results;
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException("Lucene write failed at " + path + ": " + e, e);
    }
  }

  private OpResult upsert(Term id, IndexOp op) throws IOException {
    Document document;
    try {
      document = PageDocument.of(id.text(), op.document());
    } catch (ArithmeticException e) {
      return new OpResult.Rejected("fetchedAt out of range: " + op.document().fetchedAt());
    }
    try {
      writer.updateDocument(id, document);
      return OpResult.APPLIED;
    } catch (IllegalArgumentException e) {
      // A value the index cannot hold (an immense term, say): Lucene drops this document only.
      return new OpResult.Rejected(e.getMessage());
    }
  }

  @Override
  public SearchResult search(SearchQuery query) {
    ensureIndex();
    IndexSearcher searcher = acquireSearcher();
    try {
      Query lucene = queryOf(query);
      int wanted = query.from() + query.size();
      int chunk = Math.min(SearchQuery.MAX_WINDOW, Math.max(wanted, settings.collapseWindow()));
      // Exact total: count every match, as Elasticsearch does with track_total_hits.
      TopDocs top =
          searcher.search(lucene, new TopScoreDocCollectorManager(chunk, null, Integer.MAX_VALUE));
      NearDuplicates<ScoreDoc> groups = group(searcher, lucene, top, wanted);
      List<NearDuplicates.Group<ScoreDoc>> page = groups.page(query.from(), query.size());
      return new SearchResult(
          top.totalHits.value(), groups.folded(), hitsOf(searcher, lucene, page));
    } catch (IndexSearcher.TooManyClauses e) {
      throw new InvalidQueryException("q", "q has too many terms: " + e.getMessage());
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException("Lucene search failed: " + e, e);
    } finally {
      release(searcher);
    }
  }

  private Query queryOf(SearchQuery query) {
    SimpleQueryParser parser = new SimpleQueryParser(analyzer, FIELD_WEIGHTS);
    parser.setDefaultOperator(BooleanClause.Occur.MUST);
    BooleanQuery.Builder bool = new BooleanQuery.Builder();
    bool.add(parser.parse(query.text()), BooleanClause.Occur.MUST);
    if (query.crawlId() != null) {
      bool.add(
          new TermQuery(new Term(PageFields.CRAWL_ID, query.crawlId())),
          BooleanClause.Occur.FILTER);
    }
    if (query.host() != null) {
      bool.add(new TermQuery(new Term(PageFields.HOST, query.host())), BooleanClause.Occur.FILTER);
    }
    return bool.build();
  }

  /**
   * Groups the best matches into near-duplicates: the first chunk, then more chunks while the page
   * still lacks groups, up to {@link SearchQuery#MAX_WINDOW} matches in all.
   */
  private NearDuplicates<ScoreDoc> group(
      IndexSearcher searcher, Query query, TopDocs first, int wanted) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    StoredFields stored = searcher.storedFields();
    NearDuplicates<ScoreDoc> groups = new NearDuplicates<>(settings.nearDuplicateBits());
    TopDocs chunk = first;
    int scanned = 0;
    while (true) {
      for (ScoreDoc hit : chunk.scoreDocs) {
        Document doc = stored.document(hit.doc, GROUP_FIELDS);
        groups.add(
            new NearDuplicates.Match<>(
                hit,
                doc.get(PageFields.URL),
                groupOf(leaves, hit.doc),
                doc.getField(PageFields.SIMHASH).numericValue().longValue()));
      }
      scanned += chunk.scoreDocs.length;
      if (chunk.scoreDocs.length == 0
          || groups.groups() >= wanted
          || scanned >= SearchQuery.MAX_WINDOW) {
        return groups;
      }
      ScoreDoc last = chunk.scoreDocs[chunk.scoreDocs.length - 1];
      chunk =
          searcher.searchAfter(
              last, query, Math.min(chunk.scoreDocs.length, SearchQuery.MAX_WINDOW - scanned));
    }
  }

  private static String groupOf(List<LeafReaderContext> leaves, int doc) throws IOException {
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    SortedDocValues groups = leaf.reader().getSortedDocValues(PageFields.DUPLICATE_GROUP);
    if (groups == null || !groups.advanceExact(doc - leaf.docBase)) {
      return "doc:" + doc;
    }
    return groups.lookupOrd(groups.ordValue()).utf8ToString();
  }

  private List<SearchHit> hitsOf(
      IndexSearcher searcher, Query query, List<NearDuplicates.Group<ScoreDoc>> page)
      throws IOException {
    if (page.isEmpty()) {
      return List.of();
    }
    ScoreDoc[] docs = page.stream().map(g -> g.leader().handle()).toArray(ScoreDoc[]::new);
    Map<String, String[]> snippets =
        highlighter(searcher)
            .highlightFields(
                SNIPPET_FIELDS,
                query,
                new TopDocs(new TotalHits(docs.length, TotalHits.Relation.EQUAL_TO), docs),
                new int[] {1, 1});
    StoredFields stored = searcher.storedFields();
    List<SearchHit> hits = new ArrayList<>(docs.length);
    for (int i = 0; i < docs.length; i++) {
      Document doc = stored.document(docs[i].doc, HIT_FIELDS);
      hits.add(
          new SearchHit(
              doc.get(PageFields.URL),
              doc.get(PageFields.TITLE),
              SearchHit.snippetOf(
                  snippets.get(PageFields.BODY)[i], snippets.get(PageFields.DESCRIPTION)[i]),
              docs[i].score,
              doc.get(PageFields.HOST),
              Instant.ofEpochMilli(doc.getField(PageFields.FETCHED_AT).numericValue().longValue()),
              page.get(i).duplicateUrls().size(),
              first(page.get(i).duplicateUrls(), settings.duplicateUrls())));
    }
    return hits;
  }

  private static List<String> first(List<String> urls, int limit) {
    return urls.subList(0, Math.min(limit, urls.size()));
  }

  private UnifiedHighlighter highlighter(IndexSearcher searcher) {
    return UnifiedHighlighter.builder(searcher, analyzer)
        // Escaping makes the snippet safe HTML: page text is text, only our <em> tags are markup.
        .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "… ", true))
        .withBreakIterator(() ->
            LengthGoalBreakIterator.createClosestToLength(
                BreakIterator.getSentenceInstance(Locale.ROOT),
                settings.snippetChars(),
                PASSAGE_ALIGNMENT))
        .withMaxNoHighlightPassages(1)
        .build();
  }

  @Override
  public long countByCrawl(String crawlId) {
    refresh();
    IndexSearcher searcher = acquireSearcher();
    try {
      return searcher.count(new TermQuery(new Term(PageFields.CRAWL_ID, crawlId)));
    } catch (IOException e) {
      throw new IndexUnavailableException("Lucene count failed: " + e, e);
    } finally {
      release(searcher);
    }
  }

  @Override
  public IndexHealth health() {
    if (!writer.isOpen()) {
      return new IndexHealth(
          false,
          Map.of(
              "backend", backend(),
              "path", path.toString(),
              "error", String.valueOf(writer.getTragicException())));
    }
    return new IndexHealth(
        true,
        Map.of(
            "backend", backend(),
            "path", path.toString(),
            "documents", writer.getDocStats().numDocs));
  }

  @Override
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException("refresh failed: " + e.getMessage(), e);
    }
  }

  private void periodicRefresh() {
    try {
      searchers.maybeRefresh();
    } catch (IOException | AlreadyClosedException e) {
      log.warn("event=refresh-failed backend=lucene path={} reason=\"{}\"", path, e.toString());
    }
  }

  private void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      log.warn("event=release-failed backend=lucene reason=\"{}\"", e.toString());
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    try (analyzer;
        directory;
        writer;
        searchers) {
      log.info("event=index-closed backend=lucene path={}", path);
    } catch (IOException e) {
      log.warn("event=close-failed backend=lucene path={} reason=\"{}\"", path, e.toString());
    }
  }

  private IndexSearcher acquireSearcher() {
    try {
      return searchers.acquire();
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException("Lucene searcher unavailable: " + e, e);
    }
  }
}
