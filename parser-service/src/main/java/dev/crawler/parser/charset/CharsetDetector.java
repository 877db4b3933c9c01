package dev.crawler.parser.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how the bytes of a page become text, in the order of the HTML encoding sniffing algorithm
 * (WHATWG HTML, "determining the character encoding"): a byte order mark, then the charset the
 * server declared, then (for HTML) a {@code <meta charset>} or {@code <meta
 * http-equiv="Content-Type">} in the first bytes, then a guess. The guess is UTF-8 if the bytes are
 * valid UTF-8 (legacy multi-byte text almost never is), else ICU4J's statistical detector, which
 * tells the legacy encodings of the world's web apart (Shift_JIS, EUC-JP, GB18030, Big5, EUC-KR,
 * KOI8-R, windows-1251, ISO-8859-2, ...) by their byte sequences and letter frequencies; when it
 * names nothing Java can decode, windows-1252, the legacy default of the western web.
 *
 * <p>Labels are mapped as browsers map them: {@code iso-8859-1} and {@code us-ascii} mean
 * windows-1252, and a {@code <meta>} that claims UTF-16 means UTF-8 (an ASCII-compatible prescan
 * could not have read it otherwise).
 */
public final class CharsetDetector {

  /** The legacy default of the western web, and what browsers use for latin-1 labels. */
  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /**
   * How far to look for a {@code <meta>} declaration. The HTML standard says 1,024 bytes, but real
   * pages put it after long inline scripts; jsoup and browsers look further, and so do we.
   */
  private static final int META_PRESCAN_BYTES = 5_120;

  private static final int VALIDATION_WINDOW_CHARS = 8_192;

  /**
   * How many bytes the detector sees. ICU reads at most 8,000 bytes after removing markup, so more
   * would cost time and change nothing.
   */
  private static final int DETECTION_SAMPLE_BYTES = 16_384;

  private static final Pattern META_CHARSET =
      Pattern.compile(
          "<meta\\s[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);

  private CharsetDetector() {}

  /**
   * The charset of an HTML body.
   *
   * @param body the bytes
   * @param declared the charset from the Content-Type header, or null
   */
  public static Charset forHtml(byte[] body, String declared) {
    return byteOrderMark(body)
        .or(() -> lookup(declared))
        .or(() -> metaDeclaration(body))
        .orElseGet(() -> guess(body));
  }

  /**
   * The charset of a plain-text body: as for HTML, without the {@code <meta>} step.
   *
   * @param body the bytes
   * @param declared the charset from the Content-Type header, or null
   */
  public static Charset forText(byte[] body, String declared) {
    return byteOrderMark(body).or(() -> lookup(declared)).orElseGet(() -> guess(body));
  }

  /** Text from bytes in a charset, a byte order mark skipped and malformed input replaced. */
  public static String decode(byte[] body, Charset charset) {
    int skip = bomLength(body, charset);
    return new String(body, skip, body.length - skip, charset);
  }

  private static Optional<Charset> byteOrderMark(byte[] body) {
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      return Optional.of(StandardCharsets.UTF_8);
    }
    if (startsWith(body, 0xFE, 0xFF)) {
      return Optional.of(StandardCharsets.UTF_16BE);
    }
    if (startsWith(body, 0xFF, 0xFE)) {
      return Optional.of(StandardCharsets.UTF_16LE);
    }
    return Optional.empty();
  }

  private static int bomLength(byte[] body, Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8) && startsWith(body, 0xEF, 0xBB, 0xBF)) {
      return 3;
    }
    if ((charset.equals(StandardCharsets.UTF_16BE) && startsWith(body, 0xFE, 0xFF))
        || (charset.equals(StandardCharsets.UTF_16LE) && startsWith(body, 0xFF, 0xFE))) {
      return 2;
    }
    return 0;
  }

  private static Optional<Charset> metaDeclaration(byte[] body) {
    // Every charset a <meta> may legally name is ASCII-compatible, so latin-1 reads the tag as is.
    String head =
        new String(body, 0, Math.min(body.length, META_PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
    Matcher matcher = META_CHARSET.matcher(head);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return lookup(matcher.group(1))
        .map(charset -> charset.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : charset);
  }

  private static Charset guess(byte[] body) {
    return isValidUtf8(body) ? StandardCharsets.UTF_8 : detect(body);
  }

  /** ICU's best match that Java can decode, or windows-1252 when it names none. */
  private static Charset detect(byte[] body) {
    var detector = new com.ibm.icu.text.CharsetDetector();
    detector.enableInputFilter(true);
    detector.setText(detectionSample(body));
    for (var match : detector.detectAll()) {
      Optional<Charset> charset = lookup(match.getName());
      if (charset.isPresent()) {
        return charset.get();
      }
    }
    return WINDOWS_1252;
  }

  /**
   * The bytes from the first non-ASCII one on: every candidate encoding is ASCII-compatible, so the
   * long ASCII head of a page (scripts, styles, markup) tells nothing, and the first byte above
   * 0x7F after ASCII always starts a character. The detector would otherwise spend its 8,000 bytes
   * on that head and never see the text.
   */
  private static byte[] detectionSample(byte[] body) {
    int start = 0;
    while (start < body.length && body[start] >= 0) {
      start++;
    }
    if (start == body.length) {
      start = 0;
    }
    return Arrays.copyOfRange(body, start, Math.min(body.length, start + DETECTION_SAMPLE_BYTES));
  }

  /** Whether the bytes are UTF-8; a sequence cut short at the end (a truncated body) is allowed. */
  static boolean isValidUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body, 0, body.length - incompleteTail(body));
    // A small window instead of one buffer for the whole body: only validity matters here.
    CharBuffer window = CharBuffer.allocate(VALIDATION_WINDOW_CHARS);
    while (true) {
      CoderResult result = decoder.decode(in, window, true);
      if (result.isError()) {
        return false;
      }
      if (result.isUnderflow()) {
        return true;
      }
      window.clear();
    }
  }

  /** The length of a UTF-8 sequence begun but not finished in the last three bytes, or 0. */
  private static int incompleteTail(byte[] body) {
    for (int back = 1; back <= Math.min(3, body.length); back++) {
      int b = body[body.length - back] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return needed > back ? back : 0;
      }
    }
    return 0;
  }

  private static Optional<Charset> lookup(String label) {
    if (label == null || label.isBlank()) {
      return Optional.empty();
    }
    String name = label.strip().replace("\"", "").replace("'", "");
    try {
      Charset charset = Charset.forName(name);
      return Optional.of(
          charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)
              ? WINDOWS_1252
              : charset);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      // An unknown label is as good as none: the next step of the algorithm decides.
      return Optional.empty();
    }
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
