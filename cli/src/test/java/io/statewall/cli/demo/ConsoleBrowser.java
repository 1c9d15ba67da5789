package io.statewall.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, on the operators' console:
 * start and quit, sign in and out, wait for the page (on a condition, with a deadline), take
 * screenshots into {@code target/console-screenshots/}. Both binaries are named explicitly, so
 * Selenium Manager never looks for (or downloads) a driver or a browser.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Relative to the module (failsafe runs in it): cli/target/console-screenshots. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    private final URI base;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private ConsoleBrowser(URI base, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.base = base;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts Chromium on an empty page, or fails in one line naming the Debian packages to install. */
    static ConsoleBrowser start(URI base) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver");
        }
        // Selenium warns that it has no DevTools for this Chromium's version: no test uses them.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        Path profile = Files.createTempDirectory("statewall-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root on a closed network: no sandbox (it needs a user namespace), nothing that phones home.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1366,768", "--user-data-dir=" + profile);
        // The demo ASMA's certificate is self-signed.
        options.setAcceptInsecureCerts(true);
        try {
            return new ConsoleBrowser(base, profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens {@code fragment} (e.g. {@code #/policy}) of the console, a full page load. */
    void open(String fragment) {
        driver.get(base.resolve("/" + fragment).toString());
    }

    /** Goes to {@code fragment} inside the page, as a click on a link does: no reload. */
    void go(String fragment) {
        js("location.hash = arguments[0];", fragment);
    }

    /** Signs in with the sign-in view's user and password form; returns once the frame shows who. */
    void signIn(String user, String password) {
        open("");
        WebElement form = visible("[data-testid=login]");
        WebElement name = form.findElement(By.cssSelector("input[name=username]"));
        name.clear();
        name.sendKeys(user);
        WebElement pw = form.findElement(By.cssSelector("input[name=password]"));
        pw.clear();
        pw.sendKeys(password);
        form.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        await("signed in as " + user, d -> textOf("[data-testid=whoami]").startsWith(user + " ("));
    }

    /** Signs out with the frame's button; returns once the sign-in view is back. */
    void signOut() {
        visible("[data-testid=logout]").click();
        visible("[data-testid=login]");
    }

    /** Waits until {@code condition} is true (or non-null); the failure names {@code what}. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, WAIT, condition);
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.withMessage(() -> what + " (page " + driver.getCurrentUrl() + ")");
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait.until(d -> {
            T v = condition.apply(d);
            return v instanceof Boolean b && !b ? null : v;
        });
    }

    /** The first element matching {@code css} once it is displayed. */
    WebElement visible(String css) {
        return await(css + " displayed", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.getFirst().isDisplayed() ? found.getFirst() : null;
        });
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the first match, stripped; empty when nothing matches. */
    String textOf(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.getFirst().getText().strip();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Saves what the window shows as {@code target/console-screenshots/<page>.png}. */
    Path screenshot(String page) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(page + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temporary profile: what is left the system cleans up
        }
    }
}
