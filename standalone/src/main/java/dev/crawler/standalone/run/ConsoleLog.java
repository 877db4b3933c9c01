package dev.crawler.standalone.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What of the log reaches the console. The full log always goes to {@code crawl.log} in the data
 * directory. The console is for a person: unless {@code --verbose} asks for the full log there too,
 * it shows errors only (in one plain line each, without colour codes), beside the command's own
 * lines (what is crawled, progress, summary). Framework warnings (Kafka, Kafka Streams, Spring,
 * SpringDoc, Lucene) describe the process, not something the user must do, so they stay in the
 * file.
 */
final class ConsoleLog {

  /** The full log, whatever the console shows. */
  static final String LOG_FILE = "crawl.log";

  /** The broker and Kafka clients log every setting and rebalance at INFO. */
  private static final List<String> BROKER_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  /** One line a message, no colour, the level first so that an error reads as one. */
  private static final String QUIET_CONSOLE_PATTERN = "%level %msg%n";

  /** Spring Boot's file pattern, for the lines logged before Spring Boot configures logging. */
  private static final String EARLY_FILE_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level --- [%t] %logger{39} : %msg%n";

  private final Path logFile;
  private final boolean verbose;

  /**
   * @param dataDir the data directory, where the log file goes
   * @param verbose whether the console shows the full log
   */
  ConsoleLog(Path dataDir, boolean verbose) {
    this.logFile = dataDir.resolve(LOG_FILE);
    this.verbose = verbose;
  }

  /** The log file. */
  Path file() {
    return logFile;
  }

  /**
   * Routes what is logged before the Spring context starts (the embedded broker's start-up) as the
   * context will: to the log file, and to the console only when verbose. Spring Boot configures
   * logging from {@code standalone.yaml} as the context starts, replacing this; until then logback
   * runs on its defaults, which print everything at DEBUG to the console.
   */
  void configureEarlyLogging() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (String name : BROKER_LOGGERS) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    if (verbose) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.detachAndStopAllAppenders();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(EARLY_FILE_PATTERN);
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("early-file");
    file.setFile(logFile.toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
  }

  /** Spring Boot's logging properties for the context. */
  List<String> springArguments() {
    List<String> arguments = new ArrayList<>();
    arguments.add("--logging.file.name=" + logFile);
    if (!verbose) {
      arguments.add("--logging.threshold.console=ERROR");
      arguments.add("--logging.pattern.console=" + QUIET_CONSOLE_PATTERN);
    }
    return arguments;
  }
}
