package dev.crawler.benchmarks.e2e;

import dev.crawler.testsupport.cluster.ProcessUsage;

/**
 * What one process cost during a measured window.
 *
 * @param name the process ({@code standalone}, {@code fetcher-1}, {@code elasticsearch}, ...)
 * @param cpuSeconds user plus system CPU time within the window
 * @param peakRssMib the most resident memory it held since it started
 */
record ProcessCost(String name, double cpuSeconds, double peakRssMib) {

  static ProcessCost between(String name, ProcessUsage start, ProcessUsage end) {
    return new ProcessCost(name, end.cpuSeconds() - start.cpuSeconds(), end.peakRssMib());
  }

  /** CPU seconds per 1,000 pages. */
  double cpuPerThousand(long pages) {
    return pages > 0 ? cpuSeconds / pages * 1000 : Double.NaN;
  }
}
