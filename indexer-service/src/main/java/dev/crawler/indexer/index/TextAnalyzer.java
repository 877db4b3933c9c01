package dev.crawler.indexer.index;

import java.util.Locale;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;

/**
 * The text analyzers both adapters know by the same name: Elasticsearch's built-in analyzer of that
 * name, and the matching Lucene analyzer. {@code standard} works everywhere; the language analyzers
 * need Elasticsearch's analysis-common module (absent from the integ-test build).
 */
public enum TextAnalyzer {
  STANDARD(StandardAnalyzer::new),
  ENGLISH(EnglishAnalyzer::new),
  GERMAN(GermanAnalyzer::new),
  FRENCH(FrenchAnalyzer::new),
  SPANISH(SpanishAnalyzer::new),
  ITALIAN(ItalianAnalyzer::new),
  PORTUGUESE(PortugueseAnalyzer::new),
  DUTCH(DutchAnalyzer::new),
  SWEDISH(SwedishAnalyzer::new),
  DANISH(DanishAnalyzer::new),
  NORWEGIAN(NorwegianAnalyzer::new),
  FINNISH(FinnishAnalyzer::new),
  RUSSIAN(RussianAnalyzer::new);

  private final Supplier<Analyzer> lucene;

  TextAnalyzer(Supplier<Analyzer> lucene) {
    this.lucene = lucene;
  }

  /** The analyzer's name in Elasticsearch. */
  public String elasticsearchName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A new Lucene analyzer of this kind; the caller closes it. */
  public Analyzer newLuceneAnalyzer() {
    return lucene.get();
  }
}
