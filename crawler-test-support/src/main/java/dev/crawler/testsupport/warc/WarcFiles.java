package dev.crawler.testsupport.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.Warcinfo;
import org.netpreserve.jwarc.tools.ValidateTool;

/** WARC files read back as a user of the archive would: jwarc's reader and its validator. */
public final class WarcFiles {

  private WarcFiles() {}

  /** The finished WARC files in a directory, by name: by crawl, then oldest first. */
  public static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".warc.gz")).sorted().toList();
    }
  }

  /** Every record of a file, its body read to the end (a cut record fails here). */
  public static List<WarcRecord> records(Path file) throws IOException {
    List<WarcRecord> records = new ArrayList<>();
    try (WarcReader reader = new WarcReader(file)) {
      reader.calculateBlockDigest();
      for (WarcRecord record : reader) {
        record.body().consume();
        assertThat(record.calculatedBlockDigest())
            .as("block digest of %s in %s", record.id(), file)
            .isEqualTo(record.blockDigest());
        records.add(record);
      }
    }
    return records;
  }

  /** The fields of a file's first record, its {@code warcinfo} (such as {@code isPartOf}). */
  public static Map<String, List<String>> warcinfo(Path file) throws IOException {
    try (WarcReader reader = new WarcReader(file)) {
      WarcRecord first = reader.next().orElseThrow(() -> new AssertionError(file + " is empty"));
      assertThat(first).as("first record of %s", file).isInstanceOf(Warcinfo.class);
      return ((Warcinfo) first).fields().map();
    }
  }

  /**
   * Runs jwarc's validator ({@code jwarc validate}: record syntax, required fields, block and
   * payload digests, HTTP messages) on a file as its own process, since it ends with System.exit.
   */
  public static void assertValid(Path file) throws Exception {
    Path jar =
        Path.of(ValidateTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path output = Files.createTempFile("warc-validate", ".txt");
    Process validator =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                ValidateTool.class.getName(),
                "-v",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(validator.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(validator.exitValue()).as("jwarc validate %s:%n%s", file, read(output)).isZero();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
