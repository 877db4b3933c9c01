package dev.crawler.fetcher.politeness;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fetcher's per-host politeness: a queue per politeness key whose fetches start in arrival
 * order, never two closer together than the delay the later one asks for and never more at once
 * than its concurrency. The frontier releases a host's leases ahead of their starts (its host
 * window), all to the one fetcher that owns the host's partition, so this queue is where a host's
 * fetches are actually spaced, each by its delay plus a small safety margin. Starts are scheduled,
 * never waited for on a thread.
 *
 * <p>The spacing is kept between actual starts, and a start counts from when its request reached
 * the wire ({@link #sent}) if that was later: a name lookup, a connect or a TLS handshake must not
 * bunch two requests at the server.
 *
 * <p>A host in trouble (429, 5xx, unreachable) at some epoch of the frontier's ({@link #trouble})
 * hands back, unstarted, its waiting fetches of that epoch or older, and those that arrive within
 * the trouble hold: they were released before the frontier learned of the trouble, and the
 * frontier's back-off decides when the host is fetched again.
 */
public final class HostLimiter {

  private static final int SWEEP_EVERY = 4_096;

  private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Duration memory;
  private final long maxHosts;
  private final Duration troubleHold;
  private final double delayMargin;
  private final Duration leastMargin;
  private final Clock clock;
  private final AtomicLong submitted = new AtomicLong();

  /**
   * @param scheduler runs the delayed starts; each start must be quick (it only sends a request)
   * @param memory how long an idle key's last start is remembered (longer than any delay in use)
   * @param maxHosts how many idle keys are remembered at most
   * @param troubleHold how long a host in trouble hands back the fetches of its old epoch
   * @param delayMargin the fraction of each delay added to it: the site sees our requests through
   *     its own scheduling and network, whose jitter must not turn our spacing into a shorter one
   *     there
   * @param leastMargin the least margin added to a delay that is not zero: at small delays a
   *     fraction is less than the jitter of a busy machine
   */
  public HostLimiter(
      ScheduledExecutorService scheduler,
      Duration memory,
      long maxHosts,
      Duration troubleHold,
      double delayMargin,
      Duration leastMargin,
      Clock clock) {
    this.scheduler = scheduler;
    this.memory = memory;
    this.maxHosts = maxHosts;
    this.troubleHold = troubleHold;
    this.delayMargin = delayMargin;
    this.leastMargin = leastMargin;
    this.clock = clock;
  }

  /**
   * What a fetch asks of its host.
   *
   * @param key the politeness key
   * @param delay the least time since the key's previous start
   * @param concurrency the most fetches of the key at once
   * @param notBefore the earliest start, whatever this limiter remembers (a host whose partition
   *     this fetcher just gained may have been fetched by the previous owner until then)
   * @param epoch the frontier's trouble epoch of the host when it released the fetch
   */
  public record Turn(String key, Duration delay, int concurrency, Instant notBefore, long epoch) {}

  /**
   * A fetch waiting for its turn.
   *
   * @param <T> its result
   */
  public interface Waiting<T> {

    /** At its turn: a result if it must not start after all; then no start is counted. */
    Optional<T> refusal(Instant now);

    /** The result of a fetch handed back unstarted because its host is in trouble. */
    T handedBack();

    /** Starts the fetch. */
    CompletableFuture<T> start();
  }

  /** Queues a fetch behind its host's others; the future completes with its result. */
  public <T> CompletableFuture<T> submit(Turn turn, Waiting<T> waiting) {
    Entry<T> entry = new Entry<>(turn, waiting);
    hosts.compute(
        turn.key(),
        (key, host) -> {
          Host queued = host == null ? new Host() : host;
          synchronized (queued) {
            queued.waiting.add(entry);
          }
          return queued;
        });
    drain(turn.key());
    if (submitted.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep();
    }
    return entry.result;
  }

  /**
   * Notes when a started fetch's request reached the connection (its headers written): the server
   * sees the wire, so the next fetch keeps its delay from then.
   */
  public void sent(String key, Instant at) {
    Host host = hosts.get(key);
    if (host != null) {
      synchronized (host) {
        if (host.lastStart == null || at.isAfter(host.lastStart)) {
          host.lastStart = at;
        }
      }
    }
  }

  /**
   * The host answered as a host in trouble does (or could not be reached) for a fetch of this
   * epoch: its waiting fetches of the epoch or older are handed back now, later ones within the
   * trouble hold too.
   */
  public void trouble(String key, long epoch) {
    Instant until = clock.instant().plus(troubleHold);
    hosts.compute(
        key,
        (k, host) -> {
          Host troubled = host == null ? new Host() : host;
          synchronized (troubled) {
            troubled.troubleEpoch = Math.max(troubled.troubleEpoch, epoch);
            troubled.troubleUntil = until;
          }
          return troubled;
        });
    drain(key);
  }

  /** Whether a fetch of this epoch would be handed back because its host is in trouble. */
  public boolean inTrouble(String key, long epoch) {
    Host host = hosts.get(key);
    if (host == null) {
      return false;
    }
    synchronized (host) {
      return host.handsBack(epoch, clock.instant());
    }
  }

  /** Starts what may start now, in order; schedules a wake-up for the next start otherwise. */
  private void drain(String key) {
    Host host = hosts.get(key);
    if (host == null) {
      return;
    }
    List<Runnable> actions = new ArrayList<>();
    synchronized (host) {
      Instant now = clock.instant();
      while (!host.waiting.isEmpty()) {
        Entry<?> next = host.waiting.peek();
        if (host.handsBack(next.turn.epoch(), now)) {
          host.waiting.poll();
          actions.add(next::handBack);
          continue;
        }
        if (host.running >= next.turn.concurrency()) {
          break;
        }
        Instant earliest = host.earliestStart(next.turn, withMargin(next.turn.delay()));
        if (now.isBefore(earliest)) {
          Runnable refusedThen = next.refusedAt(earliest); // known now: no need to wait for it
          if (refusedThen != null) {
            host.waiting.poll();
            actions.add(refusedThen);
            continue;
          }
          wakeAt(key, host, earliest, now);
          break;
        }
        host.waiting.poll();
        Runnable refused = next.refusedAt(now);
        if (refused != null) {
          actions.add(refused);
          continue;
        }
        host.running++;
        host.lastStart = now;
        actions.add(() -> next.start(() -> ended(key, host)));
      }
    }
    actions.forEach(Runnable::run);
  }

  private Duration withMargin(Duration delay) {
    if (delay.isZero()) {
      return delay;
    }
    Duration margin = Duration.ofNanos(Math.round(delay.toNanos() * delayMargin));
    return delay.plus(margin.compareTo(leastMargin) < 0 ? leastMargin : margin);
  }

  private void ended(String key, Host host) {
    synchronized (host) {
      host.running--;
    }
    drain(key);
  }

  /** Called holding the host's lock. */
  private void wakeAt(String key, Host host, Instant at, Instant now) {
    if (host.wakeAt != null && !host.wakeAt.isAfter(at) && host.wakeAt.isAfter(now)) {
      return; // a wake-up that comes no later is already scheduled
    }
    host.wakeAt = at;
    scheduler.schedule(
        () -> woken(key, host, at), Duration.between(now, at).toNanos(), NANOSECONDS);
  }

  /**
   * A scheduled wake-up: forgotten first, so that one coming a little early by this limiter's clock
   * (the scheduler keeps its own time) schedules the next instead of waiting for itself.
   */
  private void woken(String key, Host host, Instant at) {
    synchronized (host) {
      if (at.equals(host.wakeAt)) {
        host.wakeAt = null;
      }
    }
    drain(key);
  }

  /**
   * Forgets idle hosts whose last start is older than the memory, or any idle host over the cap.
   */
  private void sweep() {
    Instant forgetBefore = clock.instant().minus(memory);
    boolean overCap = hosts.size() > maxHosts;
    for (String key : hosts.keySet()) {
      hosts.computeIfPresent(
          key,
          (k, host) -> {
            synchronized (host) {
              return host.idleSince(forgetBefore) || (overCap && host.idle()) ? null : host;
            }
          });
    }
  }

  /** One key's queue and memory; guarded by its own lock. */
  private static final class Host {
    final ArrayDeque<Entry<?>> waiting = new ArrayDeque<>();
    int running;
    Instant lastStart;
    Instant wakeAt;
    long troubleEpoch = -1;
    Instant troubleUntil = Instant.MIN;

    boolean handsBack(long epoch, Instant now) {
      return epoch <= troubleEpoch && now.isBefore(troubleUntil);
    }

    Instant earliestStart(Turn turn, Duration spacing) {
      Instant spaced = lastStart == null ? Instant.MIN : lastStart.plus(spacing);
      return spaced.isAfter(turn.notBefore()) ? spaced : turn.notBefore();
    }

    boolean idle() {
      return waiting.isEmpty() && running == 0;
    }

    boolean idleSince(Instant before) {
      return idle()
          && (lastStart == null || lastStart.isBefore(before))
          && troubleUntil.isBefore(before);
    }
  }

  /** A waiting fetch with the future its caller holds. */
  private static final class Entry<T> {
    final Turn turn;
    final Waiting<T> waiting;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Entry(Turn turn, Waiting<T> waiting) {
      this.turn = turn;
      this.waiting = waiting;
    }

    void handBack() {
      result.complete(waiting.handedBack());
    }

    /** What completes the fetch unstarted, or null if it may start. */
    Runnable refusedAt(Instant now) {
      Optional<T> refusal = waiting.refusal(now);
      return refusal.<Runnable>map(value -> () -> result.complete(value)).orElse(null);
    }

    void start(Runnable onEnd) {
      CompletableFuture<T> started;
      try {
        started = waiting.start();
      } catch (RuntimeException e) {
        onEnd.run();
        result.completeExceptionally(e);
        return;
      }
      started.whenComplete((value, failure) -> {
        onEnd.run();
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    }
  }
}
