package dev.crawler.testsupport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessUsageTest {

  @Test
  void cpuTimeIsUserPlusSystemTicksCountedAfterTheCommandNameEvenWithSpacesAndParentheses() {
    String stat =
        "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 30 0 100";

    assertThat(ProcessUsage.cpuSeconds(stat)).isEqualTo(3.0);
  }

  @Test
  void peakMemoryIsTheHighWaterMarkOfResidentMemory() {
    List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmHWM:\t  2048 kB");

    assertThat(ProcessUsage.peakRss(status)).isEqualTo(2048L * 1024);
  }

  @Test
  void theUsageOfThisJvmIsReadFromProc() {
    ProcessUsage usage = ProcessUsage.of(ProcessHandle.current().pid());

    assertThat(usage.cpuSeconds()).isPositive();
    assertThat(usage.peakRssMib()).isGreaterThan(10);
  }

  @Test
  void aProcessThatDoesNotExistIsAClearError() {
    assertThatThrownBy(() -> ProcessUsage.of(Integer.MAX_VALUE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/proc/" + Integer.MAX_VALUE);
  }
}
