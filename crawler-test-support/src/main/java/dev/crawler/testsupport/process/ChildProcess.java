package dev.crawler.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started as a separate OS process for a test JVM, with its output in a log file.
 *
 * <p>Children are started through {@code setpriv --pdeathsig KILL}, so the kernel kills them when
 * the test JVM dies, even by SIGKILL (a timed-out Surefire fork), and no broker or search server
 * outlives the tests that started it. The parent-death signal follows the thread that forked the
 * child, so every child is forked by one long-lived launcher thread rather than a caller's thread,
 * which may be a pooled or virtual thread that ends early. When the JVM runs as root the child also
 * drops to {@code nobody} if asked, because Elasticsearch refuses to run as root.
 */
public final class ChildProcess {

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final int LOG_TAIL_LINES = 40;
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private static final ExecutorService LAUNCHER =
      Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "child-process-launcher");
        thread.setDaemon(true);
        return thread;
      });

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts a command with its stdout and stderr appended to {@code logFile}.
   *
   * @param name what the process is, for messages ("kafka broker")
   * @param environment variables added to this JVM's environment
   * @param unprivileged run as {@code nobody} when this JVM is root (the caller makes the files the
   *     process needs accessible to that user, see {@link UnprivilegedUser})
   */
  public static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workDir,
      Path logFile,
      boolean unprivileged) {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETPRIV)) {
      full.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL"));
      if (unprivileged && UnprivilegedUser.isRoot()) {
        full.addAll(UnprivilegedUser.setprivArguments());
      }
      full.add("--");
    } else if (unprivileged && UnprivilegedUser.isRoot()) {
      throw new IllegalStateException(
          name + " must not run as root and " + SETPRIV + " is missing to drop privileges");
    }
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    try {
      Process process = LAUNCHER.submit(builder::start).get();
      log.info("event=child_started name=\"{}\" pid={} log={}", name, process.pid(), logFile);
      return new ChildProcess(name, process, logFile);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not start " + name + ": " + full, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  /**
   * Runs a short command to completion (e.g. formatting storage), failing with its output if it
   * exits non-zero or takes longer than {@code timeout}.
   */
  public static void run(String name, List<String> command, Path workDir, Duration timeout) {
    try {
      Path output = Files.createTempFile("child-process-", ".log");
      try {
        ChildProcess child = start(name, command, Map.of(), workDir, output, false);
        if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          child.kill();
          throw new IllegalStateException(
              name + " did not finish within " + timeout + "; output:\n" + child.logTail());
        }
        if (child.process.exitValue() != 0) {
          throw new IllegalStateException(
              name
                  + " failed with exit code "
                  + child.process.exitValue()
                  + "; output:\n"
                  + child.logTail());
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }

  /**
   * Polls {@code ready} until it answers true, failing early if the process exits, and with the
   * tail of its log if it is not ready within {@code timeout}.
   */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with code "
                + process.exitValue()
                + " before it was ready; log "
                + logFile
                + " ends with:\n"
                + logTail());
      }
      if (System.nanoTime() > deadline) {
        kill();
        throw new IllegalStateException(
            name
                + " was not ready within "
                + timeout
                + " (killed it); log "
                + logFile
                + " ends with:\n"
                + logTail());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
  }

  /** Asks the process to shut down (SIGTERM) and kills it and its children after {@code grace}. */
  public void stop(Duration grace) {
    List<ProcessHandle> tree = tree();
    process.destroy();
    if (!awaitExit(tree, grace)) {
      log.warn("event=child_kill name=\"{}\" pid={} reason=no_exit_after_sigterm", name, pid());
      kill();
    }
  }

  /** Kills the process and its children at once (SIGKILL), like a crash. */
  public void kill() {
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroyForcibly);
    if (!awaitExit(tree, KILL_WAIT)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  private List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    return tree;
  }

  private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
    CompletableFuture<?>[] exits =
        handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
