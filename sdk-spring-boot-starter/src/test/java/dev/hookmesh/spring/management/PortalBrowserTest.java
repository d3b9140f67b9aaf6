package dev.hookmesh.spring.management;

import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.WebhookPortal;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The customer portal in a real headless Chromium (Debian's, installed by
 * {@code scripts/install-browser.sh}), driven by Selenium against the application on
 * 127.0.0.1 with its registry and outbox on PostgreSQL: a customer opens a link, registers an
 * endpoint on a local receiver, sends a test event, watches it in the log, replays a failure
 * and rotates the secret; markup from the customer and the receiver stays text.
 */
@SpringBootTest(classes = {PlatformTestApplication.class, ManagementApiTest.Security.class},
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "hookmesh.platform.enabled=true",
        "hookmesh.platform.encryption.keys.k1=" + ManagementApiTest.KEY,
        "hookmesh.portal.enabled=true",
        "hookmesh.portal.signing-key=" + PortalTest.SIGNING_KEY,
        "hookmesh.sender.ssrf.allow=127.0.0.1/32",
        "hookmesh.sender.poll-interval=100ms",
        "hookmesh.sender.retry.policy=exponential",
        "hookmesh.sender.retry.initial=20ms",
        "hookmesh.sender.retry.max-delay=50ms",
        "hookmesh.sender.retry.max-attempts=2"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalBrowserTest {

  static final PostgresDatabase DATABASE = TestDatabases.postgresDatabase();
  static final Duration SEEN = Duration.ofSeconds(15);
  /** A description and a response body that would run script if put on the page as HTML. */
  static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";

  static {
    JdbcSchema.create(DATABASE.dataSource());
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  @Autowired WebhookPortal portal;
  @Autowired WebhookRegistry registry;

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final AtomicBoolean failing = new AtomicBoolean();
  private WebDriver browser;

  @BeforeAll
  void start() throws IOException {
    receiver.answer(request -> failing.get()
        ? new MockResponse.Builder().code(500).body(HOSTILE).build() : status(204));
    browser = chromium();
    registry.defineEventType(EventTypeSpec.builder("invoice.paid")
        .description("An invoice was paid in full.")
        .example("{\"id\": \"in_123\", \"amountCents\": 4200}").build());
    registry.defineEventType(EventTypeSpec.builder("invoice.voided")
        .description("An invoice was voided.").build());
    registry.createApplication(ApplicationSpec.builder("Acme Corp").id("app_portal").build());
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    receiver.close();
  }

  /** Debian's Chromium, headless, with nothing that reaches beyond this machine. */
  static WebDriver chromium() throws IOException {
    File binary = new File("/usr/lib/chromium/chromium");
    File driver = new File("/usr/bin/chromedriver");
    if (!binary.canExecute() || !driver.canExecute()) {
      throw new IllegalStateException("Chromium and chromedriver are missing: run"
          + " scripts/install-browser.sh (./mvnw verify and .ci/run do it when missing)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--user-data-dir=" + Files.createTempDirectory("hookmesh-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private WebElement find(By by) {
    return await().atMost(SEEN).ignoreExceptions().until(() -> browser.findElement(by),
        element -> element.isDisplayed());
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  @Test
  void aCustomerRegistersAnEndpointSendsATestEventReplaysAFailureAndRotatesTheSecret()
      throws IOException {
    browser.get(base() + portal.linkFor("app_portal", Duration.ofMinutes(15)));
    assertThat(find(By.id("who")).getText()).startsWith("Acme Corp");
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");

    // Register an endpoint on the receiver, subscribed to invoice.paid.
    find(By.id("add-endpoint")).click();
    find(By.id("endpoint-url")).sendKeys(receiver.url("/portal"));
    browser.findElement(By.id("endpoint-description")).sendKeys(HOSTILE);
    browser.findElement(By.id("type-invoice.paid")).click();
    WebElement example = browser.findElement(By.cssSelector("details[data-example='invoice.paid']"));
    example.findElement(By.tagName("summary")).click();
    assertThat(example.findElement(By.tagName("pre")).getText()).contains("\"amountCents\": 4200");
    browser.findElement(By.id("endpoint-save")).click();
    String notice = find(By.id("notice")).getText();
    assertThat(notice).contains("whsec_");
    String secret = notice.substring(notice.indexOf("whsec_")).strip();
    WebElement card = find(By.cssSelector("article[data-endpoint]"));
    assertThat(card.findElement(By.className("description")).getText()).isEqualTo(HOSTILE);
    assertThat(card.findElement(By.cssSelector("[data-testid=state]")).getText())
        .isEqualTo("active");

    // Send the catalog's example; it arrives signed with the secret shown.
    card.findElement(By.cssSelector("select option[value='invoice.paid']")).click();
    card.findElement(By.cssSelector("[data-action=test]")).click();
    await().atMost(SEEN).until(() -> receiver.count() == 1);
    RecordedRequest received = receiver.requests().get(0);
    String testId = WebhookVerifier.builder().key(secret).build()
        .verify(received.getHeaders().toMultimap(), received.getBody().toByteArray()).id();

    // It shows in the delivery log as delivered.
    browser.findElement(By.cssSelector("[data-tab=log]")).click();
    await().atMost(SEEN).ignoreExceptions().until(() -> {
      browser.findElement(By.id("log-refresh")).click();
      return browser.findElement(By.cssSelector("tr[data-message='" + testId + "'] .badge"))
          .getText().equals("delivered");
    });

    // The receiver fails: the next test event ends failed, its response shown as text.
    failing.set(true);
    browser.findElement(By.cssSelector("[data-tab=endpoints]")).click();
    card = find(By.cssSelector("article[data-endpoint]"));
    card.findElement(By.cssSelector("[data-action=test]")).click();
    String failedId = await().atMost(SEEN).until(() -> receiver.requests().size() >= 2
        ? receiver.requests().get(1).getHeaders().get("webhook-id") : null, id -> id != null);
    browser.findElement(By.cssSelector("[data-tab=log]")).click();
    await().atMost(SEEN).ignoreExceptions().until(() -> {
      browser.findElement(By.id("log-refresh")).click();
      return browser.findElement(By.cssSelector("tr[data-message='" + failedId + "'] .badge"))
          .getText().equals("failed");
    });
    browser.findElement(By.cssSelector("tr[data-message='" + failedId + "']")).click();
    List<WebElement> responses = await().atMost(SEEN).until(
        () -> browser.findElements(By.cssSelector("[data-testid=response]")),
        found -> found.size() == 2);
    assertThat(responses.get(0).getText()).isEqualTo(HOSTILE);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined"))
        .isEqualTo(true);

    // Replay once it is back: delivered.
    failing.set(false);
    int before = receiver.count();
    find(By.cssSelector("[data-action=replay]")).click();
    assertThat(find(By.id("notice")).getText()).startsWith("Replayed");
    await().atMost(SEEN).until(() -> receiver.count() == before + 1);
    await().atMost(SEEN).ignoreExceptions().until(() -> {
      browser.findElement(By.id("log-refresh")).click();
      return browser.findElement(By.cssSelector("tr[data-message='" + failedId + "'] .badge"))
          .getText().equals("delivered");
    });

    saveScreenshot();

    // Rotate: a new secret at once, the old one still signing for a day.
    card(browser).findElement(By.cssSelector("[data-action=rotate]")).click();
    browser.switchTo().alert().accept();
    await().atMost(SEEN).until(() -> card(browser).findElement(
        By.cssSelector("[data-testid=secret]")).getText().startsWith("New signing secret: "));
    String rotated = card(browser).findElement(By.cssSelector("[data-testid=secret]")).getText()
        .substring("New signing secret: ".length());
    assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
    assertThat(registry.revealSecret("app_portal",
        card(browser).getDomAttribute("data-endpoint"))).isEqualTo(rotated);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined"))
        .isEqualTo(true);
  }

  /** The endpoint the test registered, on the receiver. */
  private WebElement card(WebDriver browser) {
    return browser.findElements(By.cssSelector("article[data-endpoint]")).stream()
        .filter(card -> card.getText().contains(receiver.url("/portal"))).findFirst()
        .orElseThrow();
  }

  /** The portal as the docs show it, from this run. */
  private void saveScreenshot() throws IOException {
    registry.createEndpoint("app_portal", dev.hookmesh.platform.EndpointSpec
        .builder("https://billing.acme.example/webhooks").description("Billing system")
        .eventTypes("invoice.*").build());
    browser.findElement(By.cssSelector("[data-tab=endpoints]")).click();
    await().atMost(SEEN).ignoreExceptions().until(() -> browser.findElement(
        By.cssSelector("article[data-endpoint] [data-testid=stats] span")).getText()
        .contains("succeeded"));
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "portal-screenshot.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(10_000);
  }

  @Test
  void anExpiredLinkIsRefused() {
    browser.manage().deleteAllCookies();
    WebhookPortal yesterday = new WebhookPortal(registry,
        java.util.Base64.getDecoder().decode(PortalTest.SIGNING_KEY), "/hookmesh/portal",
        java.time.Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));

    browser.get(base() + yesterday.linkFor("app_portal", Duration.ofMinutes(15)));

    assertThat(find(By.tagName("h1")).getText()).isEqualTo("This link has expired");
    browser.get(base() + "/hookmesh/portal/api/endpoints");
    assertThat(browser.getPageSource()).doesNotContain("/portal\"").contains("expired");
  }
}
