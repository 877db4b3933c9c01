package dev.crawler.parser.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprinterTest {

  private static final String ORIGINAL =
      "The Fastnet Rock lighthouse stands four miles off the coast of County Cork. Keepers worked"
          + " in shifts of four weeks and kept the lantern burning through the winter storms, when"
          + " spray rose over the gallery and supply boats could not land for days. The first"
          + " tower of cast iron was replaced in 1904 by the granite tower that still stands,"
          + " built from stones cut and numbered on the mainland and shipped to the rock one by"
          + " one. The light was automated in 1989 and the last keepers left the rock that year.";

  private final Fingerprinter fingerprinter = new Fingerprinter(3);

  @Test
  void theExactHashIgnoresCaseAndWhitespace() {
    ContentFingerprint a = fingerprinter.of("Hello   World\n\tagain");
    ContentFingerprint b = fingerprinter.of("hello world again");

    assertThat(a.contentHash()).isEqualTo(b.contentHash()).hasSize(64);
    assertThat(fingerprinter.of("hello world, again").contentHash()).isNotEqualTo(a.contentHash());
  }

  @Test
  void aNearDuplicateIsWithinAFewBits() {
    String edited =
        ORIGINAL.replace("four weeks", "four long weeks").replace("1989", "1990")
            + " Visitors may now tour it in summer.";

    long original = fingerprinter.of(ORIGINAL).simhash();
    long nearDuplicate = fingerprinter.of(edited).simhash();

    assertThat(SimHash.distance(original, nearDuplicate)).isLessThanOrEqualTo(10);
  }

  @Test
  void anUnrelatedTextIsFarAway() {
    String unrelated =
        "Sourdough bread needs a lively starter, flour, water and salt. Mix, rest for an hour,"
            + " then fold the dough every half hour while it rises. Shape it gently, proof it"
            + " overnight in the fridge and bake it in a very hot covered pot for forty minutes,"
            + " uncovering it for the last fifteen so the crust turns deep brown and crackles"
            + " as it cools on a rack in the kitchen before anyone is allowed to cut a slice.";

    long original = fingerprinter.of(ORIGINAL).simhash();
    long other = fingerprinter.of(unrelated).simhash();

    assertThat(SimHash.distance(original, other)).isGreaterThanOrEqualTo(20);
  }

  @Test
  void identicalTextsHaveIdenticalFingerprints() {
    assertThat(fingerprinter.of(ORIGINAL)).isEqualTo(fingerprinter.of(ORIGINAL.toUpperCase()));
  }

  @Test
  void textsWithoutSpacesBetweenWordsAreShingledByCharacter() {
    long tokyo = fingerprinter.of("今日の東京は晴れです。明日の東京は雨でしょう。").simhash();
    long almostTokyo = fingerprinter.of("今日の東京は晴れです。明日の東京は雪でしょう。").simhash();
    long osaka = fingerprinter.of("大阪城公園で花見をする人がたくさんいました。").simhash();

    assertThat(SimHash.distance(tokyo, almostTokyo)).isLessThan(SimHash.distance(tokyo, osaka));
  }

  @Test
  void inThaiEveryCharacterIsAWordSoSpacingDoesNotMatter() {
    SimHash simHash = new SimHash(3);
    String thai = "กรุงเทพมหานคร";

    assertThat(simHash.of(thai)).isEqualTo(simHash.of(String.join(" ", thai.split(""))));
  }

  @Test
  void aTextWithoutWordsFingerprintsAsZero() {
    assertThat(fingerprinter.of(" ... !!! ").simhash()).isZero();
  }

  @Test
  void aLongTextOfOneRepeatedShingleFingerprintsAsThatShingle() {
    SimHash simHash = new SimHash(3);
    // 998 shingles, more than a byte-wide vote counter holds: every vote must still count.
    String repeated = "echo ".repeat(1_000);

    assertThat(simHash.of(repeated)).isEqualTo(simHash.of("echo echo echo")).isNotZero();
  }
}
