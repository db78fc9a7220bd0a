package org.openpalm.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian chromium driven through its own chromedriver, for tests of the browser pages.
 * Nothing is downloaded: the driver and browser paths are explicit and Selenium Manager is told to
 * stay offline. Without chromium the tests skip with a visible message, except under CI=true,
 * where a missing browser fails them. Screenshots go to {@code target/screenshots/NN-step.png}.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Selenium warns that it has no DevTools (CDP) binding for this chromium version; the tests use
     * WebDriver only, never CDP. Held in a field: java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Why no browser can run here, if so. */
    static Optional<String> missing() {
        if (!Files.isExecutable(CHROMIUM)) return Optional.of(CHROMIUM + " is missing (apt-get install chromium)");
        if (!Files.isExecutable(CHROMEDRIVER)) return Optional.of(CHROMEDRIVER + " is missing (apt-get install chromium-driver)");
        return Optional.empty();
    }

    /** A fresh headless browser with its own empty profile; skips (or fails under CI=true) without chromium. */
    static Browser start() {
        return start(java.util.List.of());
    }

    /** As {@link #start()}, with more chromium arguments (e.g. a fake camera, {@link FakeCamera#chromiumArguments}). */
    static Browser start(java.util.List<String> extraArguments) {
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            String message = "browser tests need chromium: " + missing.get();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message + " (CI=true: a missing browser is a failure)");
            System.out.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.setProperty("SE_OFFLINE", "true"); // passed on to Selenium Manager, should anything still call it
        try {
            Path profile = Files.createTempDirectory("openpalm-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
            options.addArguments(extraArguments);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Waits until the element shows {@code text} (its visible text contains it), then returns it. */
    WebElement waitForText(By locator, String text) {
        waiting().withMessage(() -> "waiting for '" + text + "' in " + locator + "; page shows: " + bodyText())
                .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return driver.findElement(locator);
    }

    WebElement waitVisible(By locator) {
        return waiting().withMessage(() -> "waiting for " + locator + "; page shows: " + bodyText())
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no page: " + e.getMessage() + ")";
        }
    }

    /** Saves the current page to {@code target/screenshots/NN-step.png} and returns the file. */
    Path screenshot(int number, String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(String.format("%02d-%s.png", number, step));
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
