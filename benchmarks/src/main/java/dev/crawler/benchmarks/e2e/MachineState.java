package dev.crawler.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine at one moment: the figures of a shared machine mean little without its load.
 *
 * @param at when
 * @param processors {@code nproc}
 * @param loadAverage the 1, 5 and 15 minute load averages of {@code /proc/loadavg}
 */
record MachineState(Instant at, int processors, String loadAverage) {

  static MachineState now() {
    try {
      String[] load = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
      return new MachineState(
          Instant.now().truncatedTo(ChronoUnit.SECONDS),
          Runtime.getRuntime().availableProcessors(),
          load[0] + " / " + load[1] + " / " + load[2]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDK the benchmark and every crawler JVM run on. */
  static String jdk() {
    return System.getProperty("java.vm.vendor") + " " + Runtime.version();
  }
}
