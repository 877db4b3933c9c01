package dev.crawler.benchmarks.jmh;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that adds the benchmark JVM's CPU time per operation, {@code ·cpu} in µs/op: all
 * its threads, the garbage collector's and the JIT compiler's with the benchmark's, so allocation
 * is paid for too. On a machine shared with other work a wall-clock score moves with the load, as
 * the benchmark thread waits for a core; CPU time per operation moves far less. Use it with {@code
 * -prof dev.crawler.benchmarks.jmh.ProcessCpuProfiler}.
 */
public final class ProcessCpuProfiler implements InternalProfiler {

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long iterationStart;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark JVM, all threads, per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    iterationStart = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    double nanos = os.getProcessCpuTime() - iterationStart;
    double microsPerOp = nanos / 1_000 / result.getMetadata().getAllOps();
    return List.of(new ScalarResult("·cpu", microsPerOp, "us/op", AggregationPolicy.AVG));
  }
}
