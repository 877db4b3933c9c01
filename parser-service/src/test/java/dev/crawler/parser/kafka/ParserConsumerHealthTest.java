package dev.crawler.parser.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.listener.MessageListenerContainer;

class ParserConsumerHealthTest {

  private final MessageListenerContainer container = mock(MessageListenerContainer.class);
  private final ParserConsumerHealth health = new ParserConsumerHealth(() -> container);

  @Test
  void isUpWhileTheListenerRunsAsExpected() {
    when(container.isInExpectedState()).thenReturn(true);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void isDownOnceAConsumerStoppedWithoutBeingToldSoLivenessRestartsThePod() {
    when(container.isInExpectedState()).thenReturn(false);
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }
}
