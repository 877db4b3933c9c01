package dev.crawler.testsupport.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a running process has cost so far, from Linux's {@code /proc}: for benchmarks that compare
 * services or configurations.
 *
 * @param cpuSeconds user plus system CPU time since the process started
 * @param peakRssBytes the most resident memory it has held ({@code VmHWM})
 */
public record ProcessUsage(double cpuSeconds, long peakRssBytes) {

  /**
   * Clock ticks per second of {@code /proc/<pid>/stat}: USER_HZ, 100 on every Linux architecture
   * the JDK runs on (the kernel converts to it whatever its internal HZ).
   */
  private static final double TICKS_PER_SECOND = 100.0;

  /**
   * Reads the usage of a live process.
   *
   * @throws IllegalStateException if {@code /proc} has no such process (it exited, or this is not
   *     Linux)
   */
  public static ProcessUsage of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      return new ProcessUsage(
          cpuSeconds(Files.readString(proc.resolve("stat"))),
          peakRss(Files.readAllLines(proc.resolve("status"))));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + proc + " (has the process exited?)", e);
    }
  }

  /** Peak RSS in MiB, for result tables. */
  public double peakRssMib() {
    return peakRssBytes / (1024.0 * 1024.0);
  }

  /**
   * utime and stime are fields 14 and 15 of the stat line; the command name (field 2) is in
   * parentheses and may itself hold spaces or parentheses, so fields are counted after the last
   * ')'.
   */
  static double cpuSeconds(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / TICKS_PER_SECOND;
  }

  /** {@code VmHWM: 123456 kB}. */
  static long peakRss(List<String> status) {
    return status.stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> line.substring("VmHWM:".length()).trim().split("\\s+")[0])
        .mapToLong(kib -> Long.parseLong(kib) * 1024)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no VmHWM line in /proc/<pid>/status"));
  }
}
