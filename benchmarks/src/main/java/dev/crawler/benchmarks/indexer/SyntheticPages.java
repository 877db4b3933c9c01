package dev.crawler.benchmarks.indexer;

import dev.crawler.common.messages.ParsedDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pages shaped like parsed web pages, the same for every run of a seed: a title, a description,
 * headings and a body of 5 to 20 KB of sentences, over a vocabulary whose word frequencies follow
 * Zipf's law as natural text does, so the index sees realistic term statistics (a few very common
 * terms, a long tail of rare ones) rather than uniform noise.
 */
final class SyntheticPages {

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ra", "tu", "ve", "zo", "an", "el", "is", "or", "ul", "ba", "de", "fi",
    "go", "hu", "ja", "ke", "li", "mo", "nu", "pe", "ri", "sa", "te", "vi", "wo", "yen", "dor",
    "mar", "tis", "pol", "gen", "cast", "ber", "lin", "stra", "quo"
  };
  private static final int VOCABULARY = 30_000;
  private static final int HOSTS = 200;
  private static final int MIN_BODY_CHARS = 5_000;
  private static final int MAX_BODY_CHARS = 20_000;
  private static final Instant FETCHED_FROM = Instant.parse("2026-01-01T00:00:00Z");

  private final String[] words;
  private final double[] cumulativeWeights;
  private final SplittableRandom random;

  SyntheticPages(long seed) {
    random = new SplittableRandom(seed);
    words = new String[VOCABULARY];
    for (int i = 0; i < VOCABULARY; i++) {
      StringBuilder word = new StringBuilder();
      int syllables = 1 + random.nextInt(4);
      for (int s = 0; s < syllables; s++) {
        word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      words[i] = word.toString();
    }
    cumulativeWeights = new double[VOCABULARY];
    double sum = 0;
    for (int rank = 0; rank < VOCABULARY; rank++) {
      sum += 1.0 / (rank + 1);
      cumulativeWeights[rank] = sum;
    }
  }

  /** The {@code number}th page of a crawl; pages are drawn in order from the seeded generator. */
  ParsedDocument page(String crawlId, int number) {
    String host = "site-" + (number % HOSTS) + ".bench.test";
    String url = "https://" + host + "/section-" + (number % 37) + "/page-" + number;
    List<String> headings = new ArrayList<>();
    int headingCount = 3 + random.nextInt(6);
    for (int i = 0; i < headingCount; i++) {
      headings.add(capitalised(sentence(3 + random.nextInt(6))));
    }
    int bodyChars = MIN_BODY_CHARS + random.nextInt(MAX_BODY_CHARS - MIN_BODY_CHARS + 1);
    return new ParsedDocument(
        crawlId,
        url,
        host,
        capitalised(sentence(4 + random.nextInt(7))),
        capitalised(sentence(15 + random.nextInt(16))) + ".",
        headings,
        body(bodyChars),
        "en",
        null,
        200,
        FETCHED_FROM.plusSeconds(number),
        HexFormat.of().toHexDigits(random.nextLong()),
        random.nextLong());
  }

  private String body(int chars) {
    StringBuilder body = new StringBuilder(chars + 200);
    while (body.length() < chars) {
      int sentences = 3 + random.nextInt(6);
      for (int i = 0; i < sentences && body.length() < chars; i++) {
        body.append(capitalised(sentence(8 + random.nextInt(13)))).append(". ");
      }
      body.append('\n');
    }
    return body.toString();
  }

  private String sentence(int wordCount) {
    StringBuilder sentence = new StringBuilder();
    for (int i = 0; i < wordCount; i++) {
      if (i > 0) {
        sentence.append(random.nextInt(12) == 0 ? ", " : " ");
      }
      sentence.append(word());
    }
    return sentence.toString();
  }

  private String word() {
    double target = random.nextDouble() * cumulativeWeights[VOCABULARY - 1];
    int low = 0;
    int high = VOCABULARY - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulativeWeights[middle] < target) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return words[low];
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
