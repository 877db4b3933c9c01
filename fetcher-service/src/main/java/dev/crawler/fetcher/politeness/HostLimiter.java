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
 *
 * <p>A reserved start is a plan; the spacing is kept between actual starts, and a start counts from
 * when its request reached the wire ({@link #sent}) if that was later. A start that runs late (a
 * stalled scheduler, a busy machine, a slow connect) pushes the next one back, rather than letting
 * two fetches planned a delay apart go out together.
 */
public final class HostLimiter {

  private final Cache<String, Instant> reservedStarts;
  private final Cache<String, Instant> actualStarts;
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
    this.reservedStarts =
        Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(maxKeys).build();
    this.actualStarts = Caffeine.newBuilder().expireAfterWrite(memory).maximumSize(maxKeys).build();
  }

  /**
   * A start reserved for a key.
   *
   * @param key the politeness key
   * @param delay the least time since the key's previous start
   * @param start when the start is planned
   */
  public record Slot(String key, Duration delay, Instant start) {}

  /**
   * Reserves the earliest start for a key at least {@code delay} after its previous start, if that
   * is no later than {@code latestStart}.
   *
   * @return the reserved slot, or empty if it would start after {@code latestStart} (then nothing
   *     is reserved)
   */
  public Optional<Slot> reserve(String key, Duration delay, Instant latestStart) {
    Instant now = clock.instant();
    Instant[] reserved = new Instant[1];
    reservedStarts
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
    return Optional.ofNullable(reserved[0]).map(start -> new Slot(key, delay, start));
  }

  /**
   * Runs an asynchronous action at its slot's start, or later if the key's previous start actually
   * ran late.
   */
  public <T> CompletableFuture<T> runAt(Slot slot, Supplier<CompletableFuture<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(slot, action, result);
    return result;
  }

  private <T> void attempt(
      Slot slot, Supplier<CompletableFuture<T>> action, CompletableFuture<T> result) {
    Instant now = clock.instant();
    Instant later = now.isBefore(slot.start()) ? slot.start() : claimStart(slot, now);
    if (later != null) {
      scheduler.schedule(
          () -> attempt(new Slot(slot.key(), slot.delay(), later), action, result),
          Duration.between(now, later).toNanos(),
          TimeUnit.NANOSECONDS);
      return;
    }
    try {
      action.get().whenComplete((value, failure) -> complete(result, value, failure));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Records a start at {@code now}, unless the key's previous actual start was less than the delay
   * ago.
   *
   * @return null if the start is recorded, else the earliest start allowed (later reservations are
   *     pushed past it)
   */
  private Instant claimStart(Slot slot, Instant now) {
    Instant[] later = new Instant[1];
    actualStarts
        .asMap()
        .compute(
            slot.key(),
            (k, last) -> {
              if (last != null && last.plus(slot.delay()).isAfter(now)) {
                later[0] = last.plus(slot.delay());
                return last;
              }
              return now;
            });
    if (later[0] != null) {
      reservedStarts
          .asMap()
          .merge(
              slot.key(),
              later[0],
              (reserved, pushed) -> pushed.isAfter(reserved) ? pushed : reserved);
    }
    return later[0];
  }

  /**
   * Notes when a started fetch's request reached the connection (its headers written). A name
   * lookup, a new connection or a TLS handshake can come between the start and the wire, and the
   * server sees the wire: a later send counts as the key's start, so the next fetch keeps its delay
   * from when the server saw this one.
   */
  public void sent(Slot slot, Instant at) {
    actualStarts
        .asMap()
        .merge(slot.key(), at, (recorded, sent) -> sent.isAfter(recorded) ? sent : recorded);
  }

  private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
    if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(value);
    }
  }
}
