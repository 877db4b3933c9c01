package dev.crawler.parser.charset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawler.parser.Fixtures;
import dev.crawler.testsupport.web.UndeclaredCharsetPage;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class CharsetDetectorTest {

  private static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");

  @Test
  void aByteOrderMarkWinsOverTheDeclaredCharset() {
    byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'};

    assertThat(CharsetDetector.forHtml(body, "windows-1252")).isEqualTo(StandardCharsets.UTF_8);
    assertThat(CharsetDetector.decode(body, StandardCharsets.UTF_8)).isEqualTo("hi");
  }

  @Test
  void theDeclaredCharsetWinsOverAMetaDeclaration() {
    byte[] body = Fixtures.bytes("pages/windows-1252.html");

    assertThat(CharsetDetector.forHtml(body, "UTF-8")).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void aMetaHttpEquivDeclarationIsRead() {
    byte[] body = Fixtures.bytes("pages/windows-1252.html");

    assertThat(CharsetDetector.forHtml(body, null)).isEqualTo(CharsetDetector.WINDOWS_1252);
  }

  @Test
  void aMetaCharsetDeclarationIsRead() {
    byte[] body = Fixtures.bytes("pages/shift_jis.html");

    assertThat(CharsetDetector.forHtml(body, null)).isEqualTo(SHIFT_JIS);
  }

  @Test
  void anUnknownDeclaredLabelFallsThroughToTheNextStep() {
    byte[] body = Fixtures.bytes("pages/shift_jis.html");

    assertThat(CharsetDetector.forHtml(body, "no-such-charset")).isEqualTo(SHIFT_JIS);
  }

  @Test
  void latin1LabelsMeanWindows1252AsInBrowsers() {
    assertThat(CharsetDetector.forText("x".getBytes(StandardCharsets.US_ASCII), "ISO-8859-1"))
        .isEqualTo(CharsetDetector.WINDOWS_1252);
  }

  @Test
  void undeclaredValidUtf8IsUtf8() {
    byte[] body = "<p>caf\u00e9 \u6771\u4eac</p>".getBytes(StandardCharsets.UTF_8);

    assertThat(CharsetDetector.forHtml(body, null)).isEqualTo(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("dev.crawler.testsupport.web.UndeclaredCharsetPage#ALL")
  void anUndeclaredPageInALegacyEncodingIsDecodedToItsText(UndeclaredCharsetPage page) {
    byte[] body = page.body();

    String text = CharsetDetector.decode(body, CharsetDetector.forHtml(body, null));

    assertThat(text).contains(page.text());
  }

  @Test
  void undeclaredWesternBytesThatAreNotUtf8AreWindows1252() {
    byte[] body = Fixtures.bytes("pages/windows-1252-undeclared.html");

    assertThat(CharsetDetector.forHtml(body, null)).isEqualTo(CharsetDetector.WINDOWS_1252);
  }

  @Test
  void utf8CutInTheMiddleOfACharacterIsStillUtf8() {
    byte[] whole = "caf\u00e9 \u6771".getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1);

    assertThat(CharsetDetector.forText(cut, null)).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void aMetaThatClaimsUtf16MeansUtf8() {
    byte[] body = "<meta charset=\"utf-16\"><p>x</p>".getBytes(StandardCharsets.US_ASCII);

    assertThat(CharsetDetector.forHtml(body, null)).isEqualTo(StandardCharsets.UTF_8);
  }
}
