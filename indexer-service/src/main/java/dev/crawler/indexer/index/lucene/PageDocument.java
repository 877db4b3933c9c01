package dev.crawler.indexer.index.lucene;

import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.indexer.index.PageFields;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene schema of a page: the same fields as the Elasticsearch mapping, with keywords as
 * {@link StringField}s, text analysed, and the fields a hit shows stored.
 */
final class PageDocument {

  /** The document id, the key of updates and deletes. */
  static final String ID = "_id";

  /** Analysed, stored, with offsets in the postings so the highlighter need not re-analyse. */
  private static final FieldType HIGHLIGHTED_TEXT = highlightedText();

  private PageDocument() {}

  /**
   * The Lucene document of a page.
   *
   * @throws ArithmeticException if the fetch time does not fit epoch milliseconds
   */
  static Document of(String id, ParsedDocument page) {
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.NO));
    doc.add(new StringField(PageFields.URL, page.url(), Field.Store.YES));
    doc.add(new StringField(PageFields.HOST, page.host(), Field.Store.YES));
    doc.add(new StringField(PageFields.CRAWL_ID, page.crawlId(), Field.Store.YES));
    doc.add(new TextField(PageFields.TITLE, page.title(), Field.Store.YES));
    doc.add(new Field(PageFields.DESCRIPTION, page.description(), HIGHLIGHTED_TEXT));
    for (String heading : page.headings()) {
      doc.add(new TextField(PageFields.HEADINGS, heading, Field.Store.NO));
    }
    doc.add(new Field(PageFields.BODY, page.text(), HIGHLIGHTED_TEXT));
    if (page.language() != null) {
      doc.add(new StringField(PageFields.LANGUAGE, page.language(), Field.Store.YES));
    }
    long fetchedAt = page.fetchedAt().toEpochMilli();
    doc.add(new LongPoint(PageFields.FETCHED_AT, fetchedAt));
    doc.add(new StoredField(PageFields.FETCHED_AT, fetchedAt));
    doc.add(new IntPoint(PageFields.STATUS, page.status()));
    doc.add(new StoredField(PageFields.STATUS, page.status()));
    if (page.contentHash() != null) {
      doc.add(new StringField(PageFields.CONTENT_HASH, page.contentHash(), Field.Store.YES));
    }
    doc.add(new StoredField(PageFields.SIMHASH, page.simhash()));
    String group = PageFields.duplicateGroupOf(page);
    doc.add(new StringField(PageFields.DUPLICATE_GROUP, group, Field.Store.NO));
    doc.add(new SortedDocValuesField(PageFields.DUPLICATE_GROUP, new BytesRef(group)));
    return doc;
  }

  private static FieldType highlightedText() {
    FieldType type = new FieldType(TextField.TYPE_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    type.freeze();
    return type;
  }
}
