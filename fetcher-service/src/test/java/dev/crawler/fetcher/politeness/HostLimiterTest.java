package dev.crawler.fetcher.politeness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      new HostLimiter(
          scheduler,
          Duration.ofMinutes(10),
          1_000,
          Duration.ofSeconds(30),
          0,
          Duration.ZERO,
          clock);
  private final List<String> starts = new ArrayList<>();
  private final List<CompletableFuture<String>> running = new ArrayList<>();

  @AfterEach
  void shutDown() {
    scheduler.shutdownNow();
  }

  @Test
  void startsFetchesOfOneKeyADelayApartInOrderAndOtherKeysAtOnce() {
    CompletableFuture<String> a1 = submit("alpha.test", "a1", DELAY, 1, 0);
    CompletableFuture<String> a2 = submit("alpha.test", "a2", DELAY, 1, 0);
    submit("beta.test", "b1", DELAY, 1, 0);
    assertThat(starts).containsExactly("a1@0", "b1@0");

    finishAll();
    assertThat(a1).isCompletedWithValue("a1");
    assertThat(a2).isNotDone();
    assertThat(scheduler.delays()).containsExactly(DELAY);

    clock.set(T0.plus(DELAY));
    scheduler.runAll();
    assertThat(starts).containsExactly("a1@0", "b1@0", "a2@100");
  }

  @Test
  void addsItsSafetyMarginToEveryDelay() {
    HostLimiter padded =
        new HostLimiter(
            scheduler,
            Duration.ofMinutes(10),
            1_000,
            Duration.ofSeconds(30),
            0.1,
            Duration.ofMillis(3),
            clock);
    padded.submit(new HostLimiter.Turn("alpha.test", DELAY, 1, Instant.MIN, 0), waiting("a1", T0));
    finishAll();
    padded.submit(
        new HostLimiter.Turn("alpha.test", DELAY, 1, Instant.MIN, 0), waiting("a2", Instant.MAX));
    padded.submit(
        new HostLimiter.Turn("beta.test", Duration.ofMillis(20), 1, Instant.MIN, 0),
        waiting("b1", T0));
    finishAll();
    padded.submit(
        new HostLimiter.Turn("beta.test", Duration.ofMillis(20), 1, Instant.MIN, 0),
        waiting("b2", Instant.MAX));

    // 10 % of 100 ms, but at least 3 ms on 20 ms (10 % would be 2 ms)
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(110), Duration.ofMillis(23));
  }

  @Test
  void neverHasMoreFetchesOfAKeyGoingThanItsConcurrencyEvenWithoutDelay() {
    for (int i = 1; i <= 4; i++) {
      submit("alpha.test", "a" + i, Duration.ZERO, 2, 0);
    }
    assertThat(starts).containsExactly("a1@0", "a2@0");

    clock.set(T0.plusMillis(5));
    finish(0);
    assertThat(starts).containsExactly("a1@0", "a2@0", "a3@5");
    finish(1);
    finish(2);
    assertThat(starts).containsExactly("a1@0", "a2@0", "a3@5", "a4@5");
  }

  @Test
  void waitsItsDelayAfterThePartitionWasGainedBeforeAHostsFirstFetch() {
    submit(new HostLimiter.Turn("alpha.test", DELAY, 1, T0.plus(DELAY), 0), "a1");

    assertThat(starts).isEmpty();
    clock.set(T0.plus(DELAY));
    scheduler.runAll();
    assertThat(starts).containsExactly("a1@100");
  }

  @Test
  void aStartThatRanLatePushesTheNextOneADelayAfterIt() {
    submit("alpha.test", "a1", DELAY, 1, 0);
    finishAll();
    submit("alpha.test", "a2", DELAY, 1, 0);

    // The scheduler stalls: the second start runs 50 ms late, the third keeps its delay after it.
    clock.set(T0.plusMillis(150));
    scheduler.runAll();
    finishAll();
    submit("alpha.test", "a3", DELAY, 1, 0);
    clock.set(T0.plusMillis(200));
    scheduler.runAll();
    assertThat(starts).containsExactly("a1@0", "a2@150");

    clock.set(T0.plusMillis(250));
    scheduler.runAll();
    assertThat(starts).containsExactly("a1@0", "a2@150", "a3@250");
  }

  @Test
  void aRequestThatReachedTheWireLateSpacesTheNextStartFromTheWire() {
    submit("alpha.test", "a1", DELAY, 1, 0);
    // Connecting and the TLS handshake take 80 ms.
    limiter.sent("alpha.test", T0.plusMillis(80));
    finishAll();
    submit("alpha.test", "a2", DELAY, 1, 0);

    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(180));
    clock.set(T0.plusMillis(180));
    scheduler.runAll();
    assertThat(starts).containsExactly("a1@0", "a2@180");
  }

  @Test
  void anEarlierSendNeverMovesAStartBack() {
    clock.set(T0.plusMillis(30));
    submit("alpha.test", "a1", DELAY, 1, 0);
    limiter.sent("alpha.test", T0.plusMillis(10));
    finishAll();
    submit("alpha.test", "a2", DELAY, 1, 0);

    assertThat(scheduler.delays()).containsExactly(DELAY);
  }

  @Test
  void handsBackWhatWouldStartTooLateWithoutWaitingForIt() {
    submit("alpha.test", "a1", DELAY, 1, 0);
    CompletableFuture<String> late =
        limiter.submit(
            new HostLimiter.Turn("alpha.test", DELAY, 1, Instant.MIN, 0),
            waiting("a2", T0.plusMillis(50)));

    finishAll();

    assertThat(late).isCompletedWithValue("refused a2");
    assertThat(starts).containsExactly("a1@0");
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void aHostInTroubleHandsBackTheWaitingFetchesOfItsEpochButNotOfTheNext() {
    submit("alpha.test", "a1", DELAY, 1, 3);
    CompletableFuture<String> a2 = submit("alpha.test", "a2", DELAY, 1, 3);
    CompletableFuture<String> a3 = submit("alpha.test", "a3", DELAY, 1, 3);

    limiter.trouble("alpha.test", 3);
    assertThat(a2).isCompletedWithValue("handed back a2");
    assertThat(a3).isCompletedWithValue("handed back a3");

    // Released before the frontier learned of the trouble: handed back too.
    assertThat(submit("alpha.test", "a4", DELAY, 1, 3)).isCompletedWithValue("handed back a4");
    assertThat(limiter.inTrouble("alpha.test", 3)).isTrue();
    // Released after it backed the host off: a new epoch goes ahead.
    finishAll();
    submit("alpha.test", "a5", DELAY, 1, 4);
    clock.set(T0.plus(DELAY));
    scheduler.runAll();
    assertThat(starts).containsExactly("a1@0", "a5@100");
    assertThat(limiter.inTrouble("alpha.test", 4)).isFalse();
  }

  @Test
  void theTroubleHoldEnds() {
    limiter.trouble("alpha.test", 0);
    clock.set(T0.plusSeconds(30));

    assertThat(limiter.inTrouble("alpha.test", 0)).isFalse();
    submit("alpha.test", "a1", DELAY, 1, 0);
    assertThat(starts).containsExactly("a1@30000");
  }

  private CompletableFuture<String> submit(
      String key, String name, Duration delay, int concurrency, long epoch) {
    return submit(new HostLimiter.Turn(key, delay, concurrency, Instant.MIN, epoch), name);
  }

  private CompletableFuture<String> submit(HostLimiter.Turn turn, String name) {
    return limiter.submit(turn, waiting(name, Instant.MAX));
  }

  /** A fetch that records its start and runs until the test finishes it. */
  private HostLimiter.Waiting<String> waiting(String name, Instant latestStart) {
    return new HostLimiter.Waiting<>() {
      @Override
      public Optional<String> refusal(Instant now) {
        return now.isAfter(latestStart) ? Optional.of("refused " + name) : Optional.empty();
      }

      @Override
      public String handedBack() {
        return "handed back " + name;
      }

      @Override
      public CompletableFuture<String> start() {
        starts.add(name + "@" + Duration.between(T0, clock.instant()).toMillis());
        CompletableFuture<String> fetch = new CompletableFuture<>();
        running.add(fetch);
        return fetch.thenApply(ignored -> name);
      }
    };
  }

  private void finish(int index) {
    running.get(index).complete("done");
  }

  private void finishAll() {
    List.copyOf(running).forEach(fetch -> fetch.complete("done"));
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
