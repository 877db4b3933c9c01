package dev.crawler.fetcher.warc;

import dev.crawler.fetcher.http.ExchangeRecorder;
import dev.crawler.fetcher.http.RawExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HTTP exchanges as WARC/1.1 (ISO 28500) records with jwarc, each crawl in files of its own:
 * a {@code response} record and a {@code request} record concurrent to it, with block and payload
 * digests (SHA-1), the server's IP address and {@code WARC-Truncated} when the body was cut at the
 * size cap or discarded. Each record is a gzip member of its own, so a file can be read from any
 * record's offset (as CDX indexes do); a file is rotated once it passes its size limit, and each
 * file starts with a {@code warcinfo} record that names its crawl ({@code isPartOf}, one of the
 * warcinfo fields the WARC specification recommends) and every record points to it ({@code
 * WARC-Warcinfo-ID}).
 *
 * <p>Files are written safely. A file being written is named {@code *.warc.gz.open} and locked by
 * this process; it gets its final name when complete: at its size limit, when its crawl wrote
 * nothing for a while ({@link #finishIdle}, so that a crawl that ended has complete files while the
 * fetcher runs on), or when the archive is closed. A fetcher killed mid-record leaves an unlocked
 * {@code .open} file; the next archive opened on the directory cuts it after its last complete
 * record and gives it its final name ({@link UnfinishedWarcFiles}). A file's name carries the
 * crawl, the host name and a random instance id ({@code
 * PREFIX-CRAWL-TIMESTAMP-SERIAL-HOST-INSTANCE.warc.gz}), so one crawl's files are found by name and
 * fetchers sharing a directory write their own files, and a live fetcher's open file (locked) is
 * never touched.
 *
 * <p>Records are written on the HTTP client's thread that completed the exchange, one exchange of a
 * crawl at a time: a disk write per page is far below what a fetcher's network share allows, and it
 * keeps the order of a file that of the fetches.
 *
 * <p>Responses are stored as received, content coding included and transfer coding undone (the
 * {@code Transfer-Encoding} header is left out, since the body no longer has it); HTTP/2 exchanges
 * are stored with HTTP/1.1 message syntax, as other crawlers do.
 */
public final class WarcArchive implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WarcArchive.class);

  static final String SUFFIX = ".warc.gz";
  static final String OPEN_SUFFIX = SUFFIX + ".open";

  /** Where a cut or discarded body's Content-Length from the server is kept. */
  static final String ORIGINAL_CONTENT_LENGTH = "X-Crawler-Original-Content-Length";

  private static final MediaType HTTP_REQUEST = MediaType.parse("application/http;msgtype=request");
  private static final MediaType HTTP_RESPONSE =
      MediaType.parse("application/http;msgtype=response");
  private static final DateTimeFormatter FILE_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

  /** The longest crawl id a file name carries (a crawl id from the API is a 36-char UUID). */
  private static final int MAX_NAME_CRAWL = 64;

  private final Path directory;
  private final long maxFileBytes;
  private final String prefix;
  private final String hostname;
  private final String instance;
  private final String software;
  private final Map<String, CrawlFiles> crawls = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Opens an archive in a directory, creating it, and first completes any file a killed fetcher
   * left unfinished there.
   *
   * @param directory where the files go
   * @param maxFileBytes the size after which a file is closed and the next one begun
   * @param prefix the files' name prefix, followed by the crawl id
   * @param software what wrote the files (the User-Agent), for the {@code warcinfo} records
   * @throws UncheckedIOException if the directory cannot be created or read
   */
  public WarcArchive(Path directory, long maxFileBytes, String prefix, String software) {
    this.directory = directory.toAbsolutePath();
    this.maxFileBytes = maxFileBytes;
    this.prefix = prefix;
    this.hostname = hostname();
    this.instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    this.software = software;
    try {
      Files.createDirectories(this.directory);
      UnfinishedWarcFiles.complete(this.directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the WARC directory " + this.directory, e);
    }
    log.info(
        "event=warc_archive_opened directory={} max_file_bytes={}", this.directory, maxFileBytes);
  }

  /**
   * The recorder of one crawl's exchanges: it writes them to the crawl's own files, logging a
   * failure rather than throwing it, so the crawl goes on.
   */
  public ExchangeRecorder crawl(String crawlId) {
    return crawls.computeIfAbsent(crawlId, CrawlFiles::new);
  }

  /**
   * Gives its final name to every file whose crawl wrote nothing for {@code idle} or longer; the
   * crawl's next exchange begins a new file.
   */
  public void finishIdle(Duration idle) {
    long now = System.nanoTime();
    for (CrawlFiles files : crawls.values()) {
      files.finishIfIdle(now, idle.toNanos());
    }
  }

  /** Closes the files being written and gives them their final names. */
  @Override
  public void close() {
    closed = true;
    for (CrawlFiles files : crawls.values()) {
      files.finishIfIdle(System.nanoTime(), 0);
    }
  }

  /** The files of one crawl: one open at a time, rotated at the size limit. */
  private final class CrawlFiles implements ExchangeRecorder {

    private final String crawlId;
    private final String nameStem;
    private int serial;
    private Path openFile;
    private WarcWriter writer;
    private URI warcinfoId;
    private long lastWriteNanos;

    CrawlFiles(String crawlId) {
      this.crawlId = crawlId;
      String safe = crawlId.replaceAll("[^A-Za-z0-9._-]", "_");
      this.nameStem =
          prefix
              + "-"
              + (safe.length() <= MAX_NAME_CRAWL ? safe : safe.substring(0, MAX_NAME_CRAWL));
    }

    @Override
    public synchronized void record(RawExchange exchange) {
      if (closed) {
        log.warn(
            "event=warc_record_dropped url={} crawl={} reason=\"the archive is closed\"",
            exchange.uri(),
            crawlId);
        return;
      }
      try {
        if (writer == null) {
          begin();
        }
        WarcResponse response = response(exchange, warcinfoId);
        writer.write(response);
        writer.write(request(exchange, response.id(), warcinfoId));
        lastWriteNanos = System.nanoTime();
        if (writer.position() >= maxFileBytes) {
          finish();
        }
      } catch (IOException | RuntimeException e) {
        log.error(
            "event=warc_write_failed url={} crawl={} file={} error=\"{}\"",
            exchange.uri(),
            crawlId,
            openFile,
            e,
            e);
      }
    }

    synchronized void finishIfIdle(long nowNanos, long idleNanos) {
      if (writer == null || nowNanos - lastWriteNanos < idleNanos) {
        return;
      }
      try {
        finish();
      } catch (IOException e) {
        log.error("event=warc_close_failed crawl={} file={} error=\"{}\"", crawlId, openFile, e, e);
      }
    }

    private void begin() throws IOException {
      serial++;
      String name =
          String.format(
              "%s-%s-%05d-%s-%s",
              nameStem, FILE_TIMESTAMP.format(Instant.now()), serial, hostname, instance);
      openFile = directory.resolve(name + OPEN_SUFFIX);
      FileChannel channel =
          FileChannel.open(openFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      // Held until the file has its final name: tells a fetcher starting beside this one that the
      // file is being written, not left unfinished (the OS releases it if this process dies).
      channel.lock();
      writer = new WarcWriter(channel, WarcCompression.GZIP);
      Map<String, List<String>> fields = new LinkedHashMap<>();
      fields.put("software", List.of(software));
      fields.put("format", List.of("WARC File Format 1.1"));
      fields.put(
          "conformsTo",
          List.of(
              "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
      fields.put("hostname", List.of(hostname));
      fields.put("isPartOf", List.of(crawlId));
      Warcinfo warcinfo =
          new Warcinfo.Builder()
              .version(MessageVersion.WARC_1_1)
              .filename(name + SUFFIX)
              .fields(fields)
              .build();
      writer.write(warcinfo);
      warcinfoId = warcinfo.id();
    }

    private void finish() throws IOException {
      if (writer == null) {
        return;
      }
      Path done = directory.resolve(openFile.getFileName().toString().replace(OPEN_SUFFIX, SUFFIX));
      // Renamed while still locked, then closed: no other archive sees it open and unlocked.
      Files.move(openFile, done, StandardCopyOption.ATOMIC_MOVE);
      writer.close();
      log.info(
          "event=warc_file_written crawl={} file={} bytes={}", crawlId, done, Files.size(done));
      writer = null;
      openFile = null;
    }
  }

  private static WarcResponse response(RawExchange exchange, URI warcinfoId) throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream(exchange.payload().length + 1024);
    String reason =
        exchange.reason() == null || exchange.reason().isBlank()
            ? HttpStatus.getMessage(exchange.status())
            : exchange.reason();
    block.writeBytes(
        ("HTTP/1.1 " + exchange.status() + " " + reason + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    writeHeaders(block, storedResponseHeaders(exchange));
    block.writeBytes(exchange.payload());
    byte[] bytes = block.toByteArray();
    WarcResponse.Builder builder =
        new WarcResponse.Builder(exchange.uri())
            .version(MessageVersion.WARC_1_1)
            .date(exchange.sentAt())
            .warcinfoId(warcinfoId)
            .blockDigest(sha1(bytes, 0, bytes.length))
            .payloadDigest(sha1(exchange.payload(), 0, exchange.payload().length))
            .body(HTTP_RESPONSE, bytes);
    ipAddress(builder, exchange.remoteAddress());
    switch (exchange.payloadKept()) {
      case CUT_AT_CAP -> builder.truncated(WarcTruncationReason.LENGTH);
      case DISCARDED -> builder.truncated(WarcTruncationReason.UNSPECIFIED);
      case WHOLE -> {}
    }
    return builder.build();
  }

  private static WarcRequest request(RawExchange exchange, URI responseId, URI warcinfoId)
      throws IOException {
    URI uri = exchange.uri();
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    ByteArrayOutputStream block = new ByteArrayOutputStream(512);
    block.writeBytes(("GET " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
    HttpFields headers = exchange.requestHeaders();
    if (!headers.contains(HttpHeader.HOST)) {
      // The client writes Host from the URL, outside the request's header list.
      block.writeBytes(
          ("Host: " + uri.getRawAuthority() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    writeHeaders(block, headers);
    byte[] bytes = block.toByteArray();
    WarcRequest.Builder builder =
        new WarcRequest.Builder(uri)
            .version(MessageVersion.WARC_1_1)
            .date(exchange.sentAt())
            .warcinfoId(warcinfoId)
            .concurrentTo(responseId)
            .blockDigest(sha1(bytes, 0, bytes.length))
            .body(HTTP_REQUEST, bytes);
    ipAddress(builder, exchange.remoteAddress());
    return builder.build();
  }

  private static void ipAddress(
      org.netpreserve.jwarc.WarcCaptureRecord.AbstractBuilder<?, ?> builder, InetAddress address) {
    if (address != null) {
      builder.ipAddress(address);
    }
  }

  /**
   * The response headers as stored: without Transfer-Encoding, which the client undid, and, when
   * the body was cut or discarded, with a Content-Length that matches what is stored (the server's
   * value kept in {@value #ORIGINAL_CONTENT_LENGTH}), so that the record stays a valid HTTP
   * message; WARC-Truncated says it is not the whole response.
   */
  private static HttpFields storedResponseHeaders(RawExchange exchange) {
    HttpFields.Mutable headers = HttpFields.build(exchange.responseHeaders());
    headers.remove(HttpHeader.TRANSFER_ENCODING);
    String length = headers.get(HttpHeader.CONTENT_LENGTH);
    if (exchange.payloadKept() != RawExchange.PayloadKept.WHOLE && length != null) {
      headers.put(ORIGINAL_CONTENT_LENGTH, length);
      headers.put(HttpHeader.CONTENT_LENGTH, Integer.toString(exchange.payload().length));
    }
    return headers;
  }

  private static void writeHeaders(ByteArrayOutputStream out, HttpFields headers) {
    StringBuilder text = new StringBuilder();
    for (HttpField field : headers) {
      text.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
    }
    text.append("\r\n");
    out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static WarcDigest sha1(byte[] bytes, int offset, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      digest.update(bytes, offset, length);
      return new WarcDigest(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
    } catch (IOException e) {
      return "localhost";
    }
  }
}
