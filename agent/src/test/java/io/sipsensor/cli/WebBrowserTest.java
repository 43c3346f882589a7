package io.sipsensor.cli;

import io.sipsensor.license.HardwareId;
import io.sipsensor.status.CountersFile;
import io.sipsensor.status.SensorCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web pages in a real headless Chromium (Selenium with Debian's chromium and chromium-driver; skipped with a
 * clear message where they are not installed): log-in, every page rendering the data of a spool filled through the
 * command line, the dashboard following the counters without a reload, the stats chart of 14 x 24 hours with the
 * limit line and a peak opening its legs, CDR search, paging, one leg and the CSV export, the License page; then the
 * level as people see it, from WARNING to LOCKED, and unlocking from the browser by installing a larger license.
 * Screenshots of each page are left in {@code target/screenshots/}.
 */
class WebBrowserTest
{
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String YELLOW = "rgba(255, 243, 176, 1)";
    private static final String RED = "rgba(198, 40, 40, 1)";

    @TempDir
    Path dir;

    /** The spool {@link #levelSpool} made last. */
    private LicenseSpool lastSpool;

    /** One Chromium for the class (starting one takes seconds): each test points it at its own server. */
    private static Browser browser;

    @BeforeAll
    static void openBrowser()
    {
        browser = Browser.open("http://127.0.0.1");
    }

    @AfterAll
    static void closeBrowser()
    {
        if (browser != null)
        {
            browser.close();
        }
    }

    @Test
    void shouldShowEachPageWithTheSpoolsDataAndFollowTheCountersLive() throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(dir);
        spool.importDays(TODAY.minusDays(3), 20, 25, 30);
        spool.install(spool.license("L-WEB", 1000, TODAY.minusDays(30).toString(), TODAY.plusDays(300).toString()),
            TODAY.minusDays(30) + "T00:00:00Z");
        try (CountersFile counters = CountersFile.create(spool.spool, 0, "sipsensor test");
            WebClient web = new WebClient(spool.spool, spool.config))
        {
            browser.at(web.base());
            web.addUser("vera", "viewer");
            counters.counters().get(SensorCounter.CHANNELS_LICENSE).set(7);
            counters.counters().get(SensorCounter.CHANNELS_ALL).set(9);
            counters.counters().get(SensorCounter.CALLS_ACTIVE).set(11);
            counters.heartbeat();

            browser.get("/");
            assertTrue(browser.driver.getCurrentUrl().endsWith("/login"), "no session: the log-in page");
            browser.screenshot("login");
            browser.logIn("vera");
            web.cookie = browser.cookie();

            // dashboard: the live count is the API's, and follows the counters file without a reload
            final String license = "#channels td[data-live='channels.license']";
            browser.waitFor(d -> browser.text(license).equals("7"));
            assertEquals(apiLicenseChannels(web), Long.parseLong(browser.text(license)));
            assertEquals("Active channels 7 / License limit 1000 · level OK", browser.text("#footer"));
            assertFalse(browser.has("#license-banner"), "no banner at OK");
            browser.screenshot("dashboard");
            final WebElement before = browser.find("main");
            counters.counters().get(SensorCounter.CHANNELS_LICENSE).set(12);
            counters.counters().get(SensorCounter.CALLS_ACTIVE).set(14);
            counters.heartbeat();
            browser.waitFor(d -> browser.text(license).equals("12") && browser.text("#footer").startsWith(
                "Active channels 12 /"));
            assertEquals("14", browser.text("#channels td[data-live='calls_active']"));
            assertEquals(12, apiLicenseChannels(web));
            assertTrue(before.isDisplayed(), "the same page, not reloaded");

            // Concurrent Calls Stats: 14 x 24 hours, the limit line, 21 daily peaks; a peak opens its legs
            browser.get("/stats");
            assertEquals(14 * 24, browser.all("#hourly-table tr.hour").size());
            assertEquals("336", browser.find("#hourly-chart").getAttribute("data-hours"));
            assertEquals(1, browser.all("#hourly-chart svg line[stroke-dasharray]").size(), "the limit line");
            assertTrue(browser.find("#hourly-chart svg").getText().contains("limit 1000"));
            assertEquals(21, browser.all("#daily-peaks tr[data-day]").size());
            assertEquals(0, browser.all("#daily-peaks tr.over").size(), "no day over 1000");
            browser.screenshot("stats");
            browser.find("#daily-peaks tr[data-day='" + TODAY.minusDays(1) + "'] a.peak").click();
            browser.waitFor(d -> browser.has("#explain-summary"));
            assertTrue(browser.text("#explain-summary").startsWith("30 license channels"),
                browser.text("#explain-summary"));
            assertEquals(30, browser.all(".channel-legs tr.leg").size());
            browser.screenshot("stats-explain");

            // CDRs: search, open one leg, CSV export of the search, paging with the cursor
            browser.get("/cdrs");
            browser.find("#q").sendKeys("call-7@");
            browser.find("#search").click();
            browser.waitFor(d -> d.getCurrentUrl().contains("q=call-7"));
            assertEquals(1, browser.all("#cdrs tr.cdr").size());
            final String csvLink = browser.find("#csv-export").getAttribute("href");
            browser.screenshot("cdrs");
            browser.find(".leg-link").click();
            browser.waitFor(d -> browser.has("#leg"));
            assertTrue(browser.text("#leg").contains("call-7@test"), browser.text("#leg"));
            assertTrue(browser.text("#leg").contains("+421900000007"), browser.text("#leg"));
            browser.screenshot("cdr-leg");
            final HttpResponse<String> csv = web.get(URI.create(csvLink).getRawPath() + "?" +
                URI.create(csvLink).getRawQuery());
            assertEquals(200, csv.statusCode());
            assertEquals(2, Corpus.csv(csv.body()).size(), csv.body());
            assertTrue(csv.body().contains("call-7@test"));

            browser.get("/cdrs?limit=20");
            assertEquals(20, browser.all("#cdrs tr.cdr").size());
            final String firstOfPageOne = browser.text("#cdrs tr.cdr .leg-link");
            browser.find("#next-page").click();
            browser.waitFor(d -> d.getCurrentUrl().contains("cursor="));
            assertEquals(20, browser.all("#cdrs tr.cdr").size());
            assertNotEquals(firstOfPageOne, browser.text("#cdrs tr.cdr .leg-link"));
            assertEquals("call-21@test", browser.text("#cdrs tr.cdr .leg-link"));

            // License: level, the license, the hardware id; a viewer has no install form
            browser.get("/license");
            assertEquals("OK", browser.text("#license-level"));
            assertEquals("L-WEB", browser.text("#license-id"));
            assertEquals("1000", browser.text("#effective-limit"));
            assertEquals(HardwareId.local().value(), browser.text("#hwid"));
            assertTrue(browser.has("#install-admin-only") && !browser.has("#install-form"));
            browser.screenshot("license");
        }
    }

    private static long apiLicenseChannels(final WebClient web)
    {
        final Map<String, Object> live = WebClient.json(web.get("/api/v1/channels/live"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> channels = (Map<String, Object>)live.get("channels");
        return ((BigDecimal)channels.get("license")).longValueExact();
    }

    /**
     * A spool without a license whose last {@code overDays} days each went over it (one leg a day), with the
     * over-allocation schedule shortened to one over-day per level, served with a user "ada" (admin).
     */
    private WebClient levelSpool(final String name, final int overDays) throws IOException
    {
        final LicenseSpool spool = new LicenseSpool(java.nio.file.Files.createDirectories(dir.resolve(name)),
            "license_schedule_over_allocation = WARNING:1,MINOR:2,MAJOR:3,CRITICAL:4,LOCKED:5");
        final int[] peaks = new int[overDays];
        java.util.Arrays.fill(peaks, 1);
        spool.importDays(TODAY.minusDays(overDays), peaks);
        lastSpool = spool;
        final WebClient web = new WebClient(spool.spool, spool.config);
        web.addUser("ada", "admin");
        return web;
    }

    @Test
    void shouldShowEachLevelAsTheIssueSaysAndUnlockFromTheBrowser() throws IOException
    {
        try (WebClient warning = levelSpool("warning", 1))
        {
            browser.at(warning.base());
            // WARNING: a yellow banner on every page, no pop-up, no notice at log-in
            browser.logIn("ada");
            assertLevel(browser, "WARNING");
            assertFalse(browser.has("dialog"), "no notice at log-in at WARNING");
            for (final String page : List.of("/", "/stats", "/cdrs", "/license"))
            {
                browser.get(page);
                assertEquals(YELLOW, browser.find("#license-banner").getCssValue("background-color"), page);
                assertFalse(browser.has("dialog"), page);
            }
            browser.get("/");
            browser.screenshot("level-warning");

            // MINOR: yellow, plus a notice at log-in (only then)
            try (WebClient minor = levelSpool("minor", 2))
            {
                browser.at(minor.base());
                browser.logIn("ada");
                assertTrue(browser.find("#login-notice").isDisplayed(), "the notice at log-in");
                assertEquals(YELLOW, browser.find("#license-banner").getCssValue("background-color"));
                browser.screenshot("level-minor-login");
                browser.find("#login-notice-dismiss").click();
                browser.waitFor(d -> !browser.find("#login-notice").isDisplayed());
                assertLevel(browser, "MINOR");
                browser.get("/cdrs");
                assertFalse(browser.has("#login-notice"), "no notice on an ordinary page");
            }

            // MAJOR: a red banner (and the notice at log-in)
            try (WebClient major = levelSpool("major", 3))
            {
                browser.at(major.base());
                browser.logIn("ada");
                assertTrue(browser.has("#login-notice"));
                assertLevel(browser, "MAJOR");
                browser.get("/stats");
                assertEquals(RED, browser.find("#license-banner").getCssValue("background-color"));
                assertFalse(browser.has("dialog"));
                browser.screenshot("level-major");
            }

            // CRITICAL: red, plus a dismissible pop-up on every page
            try (WebClient critical = levelSpool("critical", 4))
            {
                browser.at(critical.base());
                browser.logIn("ada");
                assertLevel(browser, "CRITICAL");
                for (final String page : List.of("/", "/stats", "/cdrs", "/license"))
                {
                    browser.get(page);
                    assertTrue(browser.find("#critical-popup").isDisplayed(), page);
                    assertEquals(RED, browser.find("#license-banner").getCssValue("background-color"), page);
                }
                browser.get("/");
                browser.screenshot("level-critical");
                browser.find("#critical-popup-dismiss").click();
                browser.waitFor(d -> !browser.find("#critical-popup").isDisplayed());
            }
        }
    }

    @Test
    void shouldShowTheLockPageEverywhereButLicenseAndUnlockFromTheBrowser() throws IOException
    {
        try (WebClient web = levelSpool("locked", 5))
        {
            browser.at(web.base());
            browser.logIn("ada");
            web.cookie = browser.cookie();
            assertLevel(browser, "LOCKED");
            for (final String page : List.of("/", "/stats", "/cdrs", "/cdrs/leg?index=1",
                "/stats/explain?at=" + TODAY.minusDays(1) + "T10:00:00Z"))
            {
                browser.get(page);
                assertTrue(browser.has("#locked"), page);
                assertFalse(browser.has("#cdrs") || browser.has("#hourly-chart") || browser.has("#channels") ||
                    browser.has("#leg") || browser.has(".channel-legs"), page + ": nothing of the page shows");
            }
            browser.get("/");
            assertTrue(browser.text("#ways-out").contains("license page"));
            assertTrue(browser.text("#lock-cause").contains("OVER_ALLOCATION"), browser.text("#lock-cause"));
            browser.screenshot("level-locked");
            assertEquals(423, web.get("/api/v1/cdrs.csv").statusCode(), "the export is refused");

            browser.get("/license");
            assertFalse(browser.has("#locked"));
            assertEquals("LOCKED", browser.text("#license-level"));
            assertTrue(browser.has("#events tr.event"));
            browser.screenshot("license-locked");

            // a text that is no license: refused in one line, nothing installed, still locked
            browser.find("#license-text").sendKeys("{\"not\": \"a license\"}");
            browser.find("#install").click();
            browser.waitFor(d -> browser.has("#install-outcome"));
            assertTrue(browser.find("#install-outcome").getAttribute("class").contains("error"));
            assertTrue(browser.text("#install-outcome").startsWith("the uploaded text not installed: "),
                browser.text("#install-outcome"));
            assertEquals("LOCKED", browser.text("#license-level"));

            // a larger license chosen as a file: installed, unlocked at once, without a restart
            final Path larger = lastSpool.license("L-BIG", 1000, TODAY.minusDays(30).toString(),
                TODAY.plusDays(300).toString());
            browser.find("#license-text").clear();
            browser.find("#license-file").sendKeys(larger.toString());
            browser.waitFor(d -> !browser.find("#license-text").getDomProperty("value").isEmpty());
            browser.find("#install").click();
            browser.waitFor(d -> browser.has("#install-outcome") &&
                browser.find("#install-outcome").getAttribute("class").contains("ok"));
            assertEquals("OK", browser.text("#license-level"), "unlocked without a restart");
            browser.screenshot("license-installed");
            browser.get("/");
            assertFalse(browser.has("#locked"));
            assertTrue(browser.has("#channels"));
            assertEquals(200, web.get("/api/v1/cdrs.csv").statusCode());
        }
    }

    private static void assertLevel(final Browser browser, final String level)
    {
        browser.get("/license");
        assertEquals(level, browser.text("#license-level"), browser.text("main"));
        browser.get("/");
        assertTrue(browser.find("#license-banner").getAttribute("class").contains(level));
    }
}
