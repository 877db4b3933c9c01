package dev.crawler.fetcher.politeness;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fetcher's own, second line of politeness: one pod never starts two fetches of a politeness
 * key closer together than the delay the later task asks for. The frontier already spaces its
 * leases; this guards against a lease re-released after a timeout, or redelivered after a
 * rebalance, arriving on top of one still queued here. Starts are scheduled, never waited for on a
 * thread.
 */
public final class HostLimiter {

  private final Cache<String, Instant> lastStarts;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;

  /**
   * @param scheduler runs the delayed starts; each start must be quick (it only sends a request)
   * @param memory how long a key's last start is remembered (longer than any delay in use)
   * @param maxKeys how many keys are remembered at most
   */
  public HostLimiter(
      ScheduledExecutorService scheduler, Duration memory, long maxKeys, Clock clock) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.lastStarts = Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(maxKeys).build();
  }

  /**
   * Reserves the earliest start for a key at least {@code delay} after its previous start, if that
   * is no later than {@code latestStart}.
   *
   * @return the reserved start, or empty if it would be after {@code latestStart} (then nothing is
   *     reserved)
   */
  public Optional<Instant> reserve(String key, Duration delay, Instant latestStart) {
    Instant now = clock.instant();
    Instant[] reserved = new Instant[1];
    lastStarts
        .asMap()
        .compute(
            key,
            (k, last) -> {
              Instant start =
                  last == null || last.plus(delay).isBefore(now) ? now : last.plus(delay);
              if (start.isAfter(latestStart)) {
                return last;
              }
              reserved[0] = start;
              return start;
            });
    return Optional.ofNullable(reserved[0]);
  }

  /** Runs an asynchronous action at a reserved start. */
  public <T> CompletableFuture<T> runAt(Instant start, Supplier<CompletableFuture<T>> action) {
    long waitNanos = Duration.between(clock.instant(), start).toNanos();
    if (waitNanos <= 0) {
      return action.get();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    scheduler.schedule(
        () -> {
          try {
            action.get().whenComplete((value, failure) -> complete(result, value, failure));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        waitNanos,
        TimeUnit.NANOSECONDS);
    return result;
  }

  private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
    if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(value);
    }
  }
}
