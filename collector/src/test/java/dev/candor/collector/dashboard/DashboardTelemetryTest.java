package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the dashboard's own telemetry keeps of a user agent, a language and a script's stack. */
class DashboardTelemetryTest {
    @Test
    void aUserAgentIsReducedToFamilyAndMajorVersion() {
        assertThat(DashboardTelemetry.browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " HeadlessChrome/156.0.8078.79 Safari/537.36"))
                .containsExactly("Chrome", "156");
        assertThat(DashboardTelemetry.browser(
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"))
                .containsExactly("Edge", "131");
        assertThat(DashboardTelemetry.browser("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"))
                .containsExactly("Firefox", "133");
        assertThat(DashboardTelemetry.browser("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
                        + " (KHTML, like Gecko) Version/18.1 Safari/605.1.15"))
                .containsExactly("Safari", "18");
        assertThat(DashboardTelemetry.browser("curl/8.5.0")).containsExactly("Other", "0");
        assertThat(DashboardTelemetry.browser(null)).containsExactly("Other", "0");
        assertThat(DashboardTelemetry.browser("Chrome/1".repeat(500))).containsExactly("Other", "0");
    }

    @Test
    void onlyPlainLanguageTagsAndKnownRoutesAreKept() {
        assertThat(DashboardTelemetry.language("en-US")).isEqualTo("en-US");
        assertThat(DashboardTelemetry.language("zh-Hant-TW")).isEqualTo("zh-Hant-TW");
        assertThat(DashboardTelemetry.language("en-US,de;q=0.8")).isEqualTo("und");
        assertThat(DashboardTelemetry.language("jane@example.com")).isEqualTo("und");
        assertThat(DashboardTelemetry.route("settings")).isEqualTo("settings");
        assertThat(DashboardTelemetry.route("overview?tool=secret")).isEqualTo("other");
    }

    @Test
    void aScriptsStackKeepsItsFramesWithoutTheMessageOrTheHost() {
        String chrome = "TypeError: Cannot read properties of undefined (reading 'jane@example.com')\n"
                + "    at overview (http://10.1.2.3:4318/assets/app.js:120:17)\n"
                + "    at async render (https://candor.example.org/assets/app.js:310:7)";
        String frames = DashboardTelemetry.browserFrames(chrome);
        assertThat(frames).isEqualTo("at overview (/assets/app.js:120:17)\nat async render (/assets/app.js:310:7)\n");

        String firefox =
                "overview@http://10.1.2.3:4318/assets/app.js:120:17\nrender@http://10.1.2.3:4318/assets/app.js:310:7\n";
        assertThat(DashboardTelemetry.browserFrames(firefox))
                .isEqualTo("overview@/assets/app.js:120:17\nrender@/assets/app.js:310:7\n");
        assertThat(DashboardTelemetry.browserFrames("Error: token=abc123 for jane@example.com"))
                .isEmpty();
    }
}
