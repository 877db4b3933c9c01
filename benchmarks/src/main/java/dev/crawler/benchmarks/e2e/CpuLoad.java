package dev.crawler.benchmarks.e2e;

import dev.crawler.testsupport.cluster.ProcessUsage;
import dev.crawler.testsupport.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU burners in a process of their own, one busy thread per core, so that a crawl can be measured
 * on a machine with no idle CPU. The process stops when closed and, should the benchmark die first,
 * by itself after the limit it was given.
 */
final class CpuLoad implements AutoCloseable {

  private static volatile long sink;

  private final ChildProcess process;

  private CpuLoad(ChildProcess process) {
    this.process = process;
  }

  /** Starts one burner thread per core for at most {@code limit}. */
  static CpuLoad start(Duration limit, Path workDir) {
    int threads = Runtime.getRuntime().availableProcessors();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-Xmx32m",
            "-cp",
            System.getProperty("java.class.path"),
            CpuLoad.class.getName(),
            Integer.toString(threads),
            Long.toString(limit.toSeconds())));
    ChildProcess process =
        ChildProcess.start(
            "cpu burner", command, Map.of(), workDir, workDir.resolve("cpu-load.log"), false);
    return new CpuLoad(process);
  }

  /** What the burners have cost so far. */
  ProcessUsage usage() {
    return ProcessUsage.of(process.pid());
  }

  /** Kills the burners at once: they hold no state, and busy threads slow a graceful exit. */
  @Override
  public void close() {
    process.kill();
  }

  /** The burner process: {@code THREADS SECONDS}. */
  public static void main(String[] args) throws InterruptedException {
    int threads = Integer.parseInt(args[0]);
    long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[1])).toNanos();
    List<Thread> burners = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      burners.add(Thread.ofPlatform().start(() -> burn(end)));
    }
    for (Thread burner : burners) {
      burner.join();
    }
  }

  private static void burn(long end) {
    long value = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1_000_000; i++) {
        value = value * 6364136223846793005L + 1442695040888963407L;
      }
      sink = value;
    }
  }
}
