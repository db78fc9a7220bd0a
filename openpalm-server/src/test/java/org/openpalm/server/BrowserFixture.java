package org.openpalm.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openpalm.biometrics.SyntheticPalms;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What the browser tests share: a headless chromium (see {@link Browser}), a real server on a
 * fresh database in a temp folder, an onboarded merchant (a reader and a kiosk), and the steps
 * the pages share (terminal links, a payment waiting at the reader, the enrolment steps before
 * the palms, portal and dashboard sign-in). A JUnit extension for a class with one test instance:
 * <pre>{@code
 * @RegisterExtension
 * final BrowserFixture fixture = new BrowserFixture("Corner Coffee");
 * }</pre>
 * starts all before the class's {@code @BeforeAll} methods and closes it after the class.
 */
final class BrowserFixture implements BeforeAllCallback, AfterAllCallback {
    private final String merchantName;
    private final List<String> datasets;
    private Path dir;
    private TestServer server;
    private TestServer.Merchant merchant;
    private Browser browser;

    /** A fixture whose merchant is called {@code merchantName}. */
    BrowserFixture(String merchantName) {
        this(merchantName, List.of());
    }

    private BrowserFixture(String merchantName, List<String> datasets) {
        this.merchantName = merchantName;
        this.datasets = datasets;
    }

    /** As this fixture, needing the shared dataset {@code name} (see {@link #dataset}): checked before anything starts. */
    BrowserFixture needing(String name) {
        List<String> all = new ArrayList<>(datasets);
        all.add(name);
        return new BrowserFixture(merchantName, List.copyOf(all));
    }

    /** The browser first: without chromium (or a needed dataset) the test skips (or fails under CI=true) before a server starts. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        datasets.forEach(BrowserFixture::dataset);
        browser = Browser.start();
        dir = Files.createTempDirectory("openpalm-browser");
        server = new TestServer(dir);
        merchant = server.onboard(merchantName);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (browser != null) browser.close();
        } finally {
            if (server != null) server.close();
        }
    }

    /** The test's temp folder (the server's data, pictures written by the test). */
    Path dir() {
        return dir;
    }

    TestServer server() {
        return server;
    }

    /** The merchant, its reader ({@code terminal()}) and kiosk. */
    TestServer.Merchant merchant() {
        return merchant;
    }

    /**
     * The shared dataset {@code name} ($OPENPALM_DATASETS, else the system property
     * {@code openpalm.datasets}, else ../shared/datasets); without it the test skips with a visible
     * message, except under CI=true, where the datasets are installed and a missing one fails.
     */
    static Path dataset(String name) {
        String env = System.getenv("OPENPALM_DATASETS");
        Path folder = Path.of(env != null && !env.isBlank() ? env : System.getProperty("openpalm.datasets", "../shared/datasets"), name);
        if (!Files.isRegularFile(folder.resolve("manifest.csv"))) {
            String message = "dataset " + name + " not found at " + folder.toAbsolutePath() + " (set OPENPALM_DATASETS)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message + " (CI=true: the datasets must be there)");
            System.out.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        return folder;
    }

    Browser browser() {
        return browser;
    }

    /** A new browser (an empty profile) in place of the current one, e.g. with a fake camera video. */
    Browser restartBrowser(List<String> chromiumArguments) {
        browser.close();
        browser = Browser.start(chromiumArguments);
        return browser;
    }

    /** The terminal page's link with its credentials in the fragment, as the admin console prints it; {@code mode} may be empty. */
    String terminalPage(String page, TestServer.SigningTerminal terminal, String mode) {
        String key = Base64.getEncoder().encodeToString(terminal.keys().getPrivate().getEncoded());
        return server.uri("/" + page) + (mode.isEmpty() ? "" : "?mode=" + mode) + "#terminal=" + terminal.id()
                + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** A payment of {@code minor} euro cents created by the till for {@code reader}: its id. */
    String createPayment(TestServer.SigningTerminal reader, long minor) {
        return server.createPayment(merchant, reader, minor);
    }

    /** Opens the reader page of {@code reader} and waits until it shows {@code payment}, ready for a palm. */
    void openReaderFor(TestServer.SigningTerminal reader, String payment) {
        browser.open(terminalPage("reader.html", reader, ""));
        browser.waiting().withMessage(() -> "reader waiting for payment " + payment + "; page shows: " + browser.bodyText())
                .until(ExpectedConditions.attributeToBe(By.id("reader"), "data-payment-id", payment));
        browser.waiting().until(d -> d.findElement(By.id("capture")).isEnabled());
    }

    /** As {@link #openReaderFor}, then uploads {@code capture} through the reader's file input. */
    void presentAtReader(TestServer.SigningTerminal reader, String payment, Path capture) {
        openReaderFor(reader, payment);
        browser.driver.findElement(By.id("palm-file")).sendKeys(capture.toAbsolutePath().toString());
    }

    /** Types the phone's last 4 digits into the reader's hint form and sends them. */
    void answerHint(String phone) {
        browser.waitVisible(By.id("hint-input")).sendKeys(phone.substring(phone.length() - 4));
        browser.driver.findElement(By.id("hint-submit")).click();
    }

    /**
     * The steps before the palms, the same on the kiosk and the phone page: consent, the phone proved
     * by the code it received, the card of {@code cardSeed} with its expiry and CVV2; ends on the palms step.
     */
    void consentPhoneAndCard(String phone, long cardSeed) {
        browser.waitVisible(By.id("biometric-consent")).click();
        browser.driver.findElement(By.id("consent-next")).click();
        browser.waitVisible(By.id("phone")).sendKeys(phone);
        browser.driver.findElement(By.id("phone-next")).click();
        browser.waitVisible(By.id("phone-code")).sendKeys(server.latestEnrolmentCode(phone));
        browser.driver.findElement(By.id("phone-next")).click();
        String card = PortalClient.cardNumber(cardSeed);
        browser.waitVisible(By.id("card-number")).sendKeys(card);
        browser.driver.findElement(By.id("card-expiry")).sendKeys("12/" + (java.time.Year.now().getValue() % 100 + 3));
        browser.driver.findElement(By.id("card-cvv2")).sendKeys(TestServer.cvv2Of(card));
        browser.driver.findElement(By.id("card-next")).click();
        browser.waitVisible(By.id("step-palms"));
    }

    /** Signs in to the customer portal with the code sent to {@code phone}; ends on the account. */
    void signInToPortal(String phone) {
        browser.open(server.uri("/portal.html").toString());
        browser.waitVisible(By.id("phone")).sendKeys(phone);
        browser.driver.findElement(By.cssSelector("#code-form button[type=submit]")).click();
        browser.waitVisible(By.id("verify-form"));
        browser.driver.findElement(By.id("code")).sendKeys(PortalClient.codeFromLog(phone));
        browser.driver.findElement(By.cssSelector("#verify-form button[type=submit]")).click();
        browser.waitVisible(By.id("account"));
    }

    /** Opens the merchant dashboard signed in with the merchant's API key (unless the session already is). */
    void openDashboard() {
        browser.open(server.uri("/dashboard.html").toString());
        // the key of an earlier sign-in stays in sessionStorage: the page then signs in by itself
        if (Boolean.TRUE.equals(browser.driver.executeScript("return sessionStorage.length === 0"))) {
            browser.waitVisible(By.id("api-key")).sendKeys(merchant.apiKey());
            browser.driver.findElement(By.id("signin-submit")).click();
        }
        browser.waitVisible(By.id("dashboard"));
    }

    /** Synthetic captures {@code 1..count} of one session of {@code identity}, as absolute paths for a file input (one generator per fixture). */
    List<String> syntheticCaptures(SyntheticPalms palms, int identity, int session, int count) throws Exception {
        List<String> paths = new ArrayList<>();
        for (int k = 1; k <= count; k++) paths.add(syntheticCapture(palms, identity, session, k).toAbsolutePath().toString());
        return paths;
    }

    /** A synthetic palm capture written as PNG to the temp folder (once). */
    Path syntheticCapture(SyntheticPalms palms, int identity, int session, int sample) throws Exception {
        Path file = dir.resolve("palm-" + identity + "-s" + session + "-" + sample + ".png");
        if (!Files.exists(file)) Files.write(file, palms.palm(identity).capture(session, sample).toPng());
        return file;
    }
}
