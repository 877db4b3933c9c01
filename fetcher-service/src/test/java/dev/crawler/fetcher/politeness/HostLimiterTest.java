package dev.crawler.fetcher.politeness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostLimiterTest {

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  private static final Duration DELAY = Duration.ofMillis(100);

  private final ManualClock clock = new ManualClock(T0);
  private final ManualScheduler scheduler = new ManualScheduler();
  private final HostLimiter limiter =
      new HostLimiter(scheduler, Duration.ofMinutes(10), 1_000, clock);
  private final List<Instant> starts = new ArrayList<>();

  @AfterEach
  void shutDown() {
    scheduler.shutdownNow();
  }

  @Test
  void reservesStartsOfOneKeyADelayApartAndOtherKeysAtOnce() {
    Instant far = T0.plusSeconds(60);

    assertThat(limiter.reserve("alpha.test", DELAY, far))
        .get()
        .extracting(HostLimiter.Slot::start)
        .isEqualTo(T0);
    assertThat(limiter.reserve("alpha.test", DELAY, far))
        .get()
        .extracting(HostLimiter.Slot::start)
        .isEqualTo(T0.plus(DELAY));
    assertThat(limiter.reserve("beta.test", DELAY, far))
        .get()
        .extracting(HostLimiter.Slot::start)
        .isEqualTo(T0);
  }

  @Test
  void refusesAStartLaterThanTheLatestAllowedAndReservesNothing() {
    limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60));

    assertThat(limiter.reserve("alpha.test", DELAY, T0.plusMillis(50))).isEmpty();
    assertThat(limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)))
        .get()
        .extracting(HostLimiter.Slot::start)
        .isEqualTo(T0.plus(DELAY));
  }

  @Test
  void runsAnActionAtItsReservedStart() {
    limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60));
    HostLimiter.Slot second =
        limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();

    limiter.runAt(second, this::recordStart);
    assertThat(starts).isEmpty();
    assertThat(scheduler.delays()).containsExactly(DELAY);

    clock.set(T0.plus(DELAY));
    scheduler.runAll();
    assertThat(starts).containsExactly(T0.plus(DELAY));
  }

  @Test
  void aStartThatRanLatePushesTheNextOneADelayAfterIt() {
    HostLimiter.Slot first = limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();
    HostLimiter.Slot second =
        limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();

    // The first start runs 50 ms late (a stalled scheduler), the second on time.
    clock.set(T0.plusMillis(50));
    limiter.runAt(first, this::recordStart);
    clock.set(T0.plus(DELAY));
    limiter.runAt(second, this::recordStart);

    assertThat(starts).containsExactly(T0.plusMillis(50));
    clock.set(T0.plusMillis(150));
    scheduler.runAll();
    assertThat(starts).containsExactly(T0.plusMillis(50), T0.plusMillis(150));
    assertThat(limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)))
        .get()
        .extracting(HostLimiter.Slot::start)
        .isEqualTo(T0.plusMillis(250));
  }

  @Test
  void aRequestThatReachedTheWireLateSpacesTheNextStartFromTheWire() {
    HostLimiter.Slot first = limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();
    HostLimiter.Slot second =
        limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();

    // The first fetch starts on time, but connecting and the TLS handshake take 80 ms.
    limiter.runAt(first, this::recordStart);
    limiter.sent(first, T0.plusMillis(80));
    clock.set(T0.plus(DELAY));
    limiter.runAt(second, this::recordStart);

    assertThat(starts).containsExactly(T0);
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(80));
    clock.set(T0.plusMillis(180));
    scheduler.runAll();
    assertThat(starts).containsExactly(T0, T0.plusMillis(180));
  }

  @Test
  void anEarlierSendNeverMovesAStartBack() {
    HostLimiter.Slot first = limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();
    HostLimiter.Slot second =
        limiter.reserve("alpha.test", DELAY, T0.plusSeconds(60)).orElseThrow();

    clock.set(T0.plusMillis(30));
    limiter.runAt(first, this::recordStart);
    limiter.sent(first, T0.plusMillis(10));
    clock.set(T0.plus(DELAY));
    limiter.runAt(second, this::recordStart);

    assertThat(starts).containsExactly(T0.plusMillis(30));
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(30));
  }

  private CompletableFuture<Instant> recordStart() {
    starts.add(clock.instant());
    return CompletableFuture.completedFuture(clock.instant());
  }

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Keeps scheduled starts until the test runs them, after moving the clock. */
  private static final class ManualScheduler extends ScheduledThreadPoolExecutor {
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    ManualScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
      tasks.add(task);
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
      return null;
    }

    List<Duration> delays() {
      return delays;
    }

    void runAll() {
      List<Runnable> due = new ArrayList<>(tasks);
      tasks.clear();
      due.forEach(Runnable::run);
    }
  }
}
