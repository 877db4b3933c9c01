package dev.crawler.fetcher.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

  @Test
  void commitsOnlyTheContiguousDonePrefix() {
    PartitionProgress progress = new PartitionProgress(Instant.EPOCH);
    progress.taken(10);
    progress.taken(11);
    progress.taken(12);

    progress.done(12);
    progress.done(11);
    assertThat(progress.uncommitted()).isEmpty();

    progress.done(10);
    assertThat(progress.uncommitted()).hasValue(13);
  }

  @Test
  void toleratesGapsInOffsetsAndReportsEachCommitPointOnce() {
    PartitionProgress progress = new PartitionProgress(Instant.EPOCH);
    progress.taken(5);
    progress.taken(9); // 6 to 8 were transaction markers or compacted away

    progress.done(5);
    assertThat(progress.uncommitted()).hasValue(6);
    progress.committed(6);
    assertThat(progress.uncommitted()).isEmpty();

    progress.done(9);
    assertThat(progress.uncommitted()).hasValue(10);
  }

  @Test
  void ignoresCompletionsOfOffsetsItNeverTook() {
    PartitionProgress progress = new PartitionProgress(Instant.EPOCH);
    progress.taken(1);

    progress.done(0);

    assertThat(progress.uncommitted()).isEmpty();
  }
}
