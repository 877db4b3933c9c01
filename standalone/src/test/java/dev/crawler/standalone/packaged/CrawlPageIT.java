package dev.crawler.standalone.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crawler.testsupport.web.TestWeb;
import dev.crawler.testsupport.web.UniqueWords;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The crawl page of the packaged application, driven by clicks in Debian's headless Chromium
 * (through its chromedriver): with an API key configured the page asks for it, then a crawl started
 * from the form against a loopback test web progresses, shows its host, pauses, resumes and is
 * cancelled, and the host still shows its failed URLs once nothing is left queued there.
 */
class CrawlPageIT {

  private static final String API_KEY = "crawl-page-test-key-0123456789";
  private static final int PAGES = 60;
  private static final String HOST = "site.test";
  private static final int GONE = 3;

  @TempDir static Path work;

  private static TestWeb web;
  private static CrawlProcess server;
  private static String address;
  private static WebDriver browser;

  @BeforeAll
  static void serveWithAKeyAndOpenABrowser() throws Exception {
    // The seed links every page, so the host has a queue to show while the crawl runs, and first
    // a few pages that are gone (404), so that it has failed URLs to show early on.
    StringBuilder seed = new StringBuilder("<html><head><title>Seed</title></head><body>");
    IntStream.rangeClosed(1, GONE)
        .forEach(i -> seed.append("<a href=\"/gone").append(i).append("\">gone</a>"));
    IntStream.range(1, PAGES)
        .forEach(i -> seed.append("<a href=\"/p").append(i).append("\">p</a>"));
    web =
        TestWeb.builder()
            .host(
                HOST,
                site -> {
                  site.html("/", seed + "</body></html>");
                  IntStream.range(1, PAGES)
                      .forEach(i ->
                          site.html(
                              "/p" + i,
                              "<html><head><title>Page "
                                  + i
                                  + "</title></head><body>"
                                  + UniqueWords.of(i, 100)
                                  + "</body></html>"));
                })
            .start();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir",
                work.resolve("data").toString(),
                "--port",
                "0",
                "--api-key",
                API_KEY,
                "--allow-private-networks"));
    web.resolveEntries().forEach(entry -> args.addAll(List.of("--resolve", entry)));
    server = CrawlProcess.start(work.resolve("crawl.log"), args.toArray(String[]::new));
    address = server.awaitServing(Duration.ofMinutes(2));
    browser = chromium();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (web != null) {
      web.close();
    }
  }

  @Test
  void aCrawlStartedFromTheFormProgressesPausesResumesAndIsCancelled() {
    browser.get(address + "/crawls.html");
    eventually().untilAsserted(() -> assertThat(text("#status")).contains("needs a key"));

    browser.findElement(By.id("api-key")).sendKeys(API_KEY);
    click("#key button[type=submit]");
    browser.findElement(By.id("seeds")).sendKeys(web.seedUrl());
    browser.findElement(By.xpath("//select[@id='scope']/option[.='HOST']")).click();
    browser.findElement(By.id("depth")).sendKeys("2");
    browser.findElement(By.id("pages")).sendKeys("100");
    browser.findElement(By.id("delay")).sendKeys("200");
    click("#start button[type=submit]");

    eventually()
        .untilAsserted(() -> {
          assertThat(text("#crawls tbody tr .state")).isEqualTo("RUNNING");
          assertThat(number("#crawls tbody tr .fetched")).isGreaterThanOrEqualTo(3);
          assertThat(number("#hosts tr[data-host^='" + HOST + "'] .queued")).isPositive();
        });

    click("#crawls tbody tr button.pause");
    eventually()
        .untilAsserted(() -> {
          assertThat(text("#crawls tbody tr .state")).isEqualTo("PAUSED");
          assertThat(number("#crawls tbody tr .in-flight")).isZero();
        });
    long fetchedWhilePaused = number("#crawls tbody tr .fetched");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .until(() -> number("#crawls tbody tr .fetched") == fetchedWhilePaused);
    assertThat(browser.findElements(By.cssSelector("#crawls tbody tr button.pause"))).isEmpty();

    click("#crawls tbody tr button.resume");
    eventually()
        .untilAsserted(() -> {
          assertThat(text("#crawls tbody tr .state")).isEqualTo("RUNNING");
          assertThat(number("#crawls tbody tr .fetched")).isGreaterThan(fetchedWhilePaused);
        });

    click("#crawls tbody tr button.cancel");
    browser.switchTo().alert().accept();
    eventually()
        .untilAsserted(() -> {
          assertThat(text("#crawls tbody tr .state")).isEqualTo("CANCELLED");
          assertThat(browser.findElements(By.cssSelector("#crawls tbody tr button"))).isEmpty();
          // Fetched first, before any page: with nothing left queued, the host still shows them.
          assertThat(number("#hosts tr[data-host^='" + HOST + "'] .queued")).isZero();
          assertThat(number("#hosts tr[data-host^='" + HOST + "'] .failed")).isEqualTo(GONE);
        });
    assertThat(number("#crawls tbody tr .fetched")).isLessThan(PAGES);
  }

  /** Debian's chromium, headless, driven through Debian's chromedriver (no download). */
  private static WebDriver chromium() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(onPath("chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(onPath("chromedriver")))
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    return new ChromeDriver(driver, options);
  }

  private static String onPath(String command) {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() ->
            new IllegalStateException(
                command + " is not on the PATH: apt-get install chromium chromium-driver"))
        .toString();
  }

  /** The page re-renders its tables every second, so an element may go stale: look again. */
  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofMinutes(1)).ignoreExceptions();
  }

  private static void click(String css) {
    eventually().untilAsserted(() -> browser.findElement(By.cssSelector(css)).click());
  }

  private static String text(String css) {
    WebElement element = browser.findElement(By.cssSelector(css));
    return element.getText().strip();
  }

  private static long number(String css) {
    return Long.parseLong(text(css));
  }
}
