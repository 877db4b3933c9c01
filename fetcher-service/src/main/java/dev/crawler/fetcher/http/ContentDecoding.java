package dev.crawler.fetcher.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes a response's Content-Encoding (gzip, x-gzip, deflate, br, identity) with a cap on the
 * decoded size, so a small compressed body that expands to gigabytes (a "zip bomb"; brotli turns 64
 * MiB of zeros into 54 bytes) costs at most the cap. Decoding is streamed and stops one byte past
 * the cap, so memory and CPU are bounded by the cap too, not by the expanded size. (A brotli stream
 * also declares its window, up to 16 MiB, which the decoder allocates while it runs.)
 */
public final class ContentDecoding {

  /** The Accept-Encoding header value matching what {@link #decode} understands. */
  public static final String ACCEPT_ENCODING = "gzip, deflate, br";

  private static final int CHUNK = 16 * 1024;

  private ContentDecoding() {}

  /**
   * A decoded body.
   *
   * @param bytes the decoded bytes, at most the cap
   * @param truncated whether the decoded body went on beyond the cap, or the encoded input ended
   *     early (it was itself truncated)
   */
  public record Decoded(byte[] bytes, boolean truncated) {}

  /**
   * Decodes a body.
   *
   * @param encoding the Content-Encoding header value, or null
   * @param encoded the body as received
   * @param encodedTruncated whether the received body was cut short
   * @param cap the most decoded bytes kept
   * @throws UnsupportedEncodingException if the coding is not one of ours
   * @throws IOException if the body is not valid in its coding
   */
  public static Decoded decode(String encoding, byte[] encoded, boolean encodedTruncated, int cap)
      throws UnsupportedEncodingException, IOException {
    String coding = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
    if (coding.isEmpty() || coding.equals("identity") || encoded.length == 0) {
      return new Decoded(encoded, encodedTruncated);
    }
    try (InputStream in = decoder(coding, encoded)) {
      return readCapped(in, cap, encodedTruncated);
    }
  }

  private static InputStream decoder(String coding, byte[] encoded)
      throws UnsupportedEncodingException, IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(encoded), CHUNK);
      // RFC 9110 says zlib-wrapped, but some servers send raw deflate; the zlib header tells.
      case "deflate" ->
          new InflaterInputStream(
              new ByteArrayInputStream(encoded), new Inflater(!hasZlibHeader(encoded)), CHUNK);
      case "br" -> new BrotliInputStream(new ByteArrayInputStream(encoded), CHUNK);
      default -> throw new UnsupportedEncodingException(coding);
    };
  }

  private static Decoded readCapped(InputStream in, int cap, boolean encodedTruncated)
      throws IOException {
    byte[] buffer = new byte[Math.min(cap, CHUNK)];
    var out = new ByteArrayOutputStream(Math.min(cap, CHUNK));
    try {
      int read;
      while ((read = in.read(buffer, 0, Math.min(buffer.length, cap + 1 - out.size()))) > 0) {
        out.write(buffer, 0, read);
        if (out.size() > cap) {
          return new Decoded(Arrays.copyOf(out.toByteArray(), cap), true);
        }
      }
    } catch (IOException e) {
      if (!encodedTruncated) {
        throw e;
      }
      // The encoded body was cut at the size cap, so its coding ends abruptly (an EOFException
      // from gzip, a decoding error from brotli): keep what decoded before the cut.
    }
    return new Decoded(out.toByteArray(), encodedTruncated);
  }

  private static boolean hasZlibHeader(byte[] encoded) {
    return encoded.length >= 2
        && (encoded[0] & 0x0f) == 8
        && (((encoded[0] & 0xff) << 8) | (encoded[1] & 0xff)) % 31 == 0;
  }
}
