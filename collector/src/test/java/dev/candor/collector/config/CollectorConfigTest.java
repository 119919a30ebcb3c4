package dev.candor.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorConfigTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
        Path file = dir.resolve("candor.conf");
        Files.writeString(file, "# comment\nport = 1111\nmax-body-bytes = 1000\nrate-limit-per-key = 7\n");

        CollectorConfig c = CollectorConfig.load(
                Map.of(Setting.PORT, "3333"),
                List.of(),
                file,
                Map.of("CANDOR_PORT", "2222", "CANDOR_MAX_BODY_BYTES", "2000"));

        assertThat(c.port()).isEqualTo(3333);
        assertThat(c.maxBodyBytes()).isEqualTo(2000);
        assertThat(c.rateLimitPerKey()).isEqualTo(7);
        assertThat(c.maxRecordsPerRequest()).isEqualTo(10_000);
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws Exception {
        Path file = dir.resolve("c.conf");
        Files.writeString(file, "port=4444\n");

        CollectorConfig c = CollectorConfig.load(Map.of(), List.of(), null, Map.of("CANDOR_CONFIG", file.toString()));

        assertThat(c.port()).isEqualTo(4444);
    }

    @Test
    void withoutToolsForgeIsRegisteredWithItsBundledCatalog() {
        CollectorConfig c = CollectorConfig.builder().build();

        assertThat(c.tools()).containsExactly(ToolRegistration.forgeDemo());
        assertThat(c.tools().get(0).key()).isEqualTo("forge-public-ingest-key");
    }

    @Test
    void toolsAreIdKeyAndOptionalCatalogRelativeToTheConfigFile() throws Exception {
        Path file = dir.resolve("candor.conf");
        Files.writeString(file, "tools = forge:forge-public-ingest-key:forge.json, otel-app:otel-app-key-1\n");

        CollectorConfig c = CollectorConfig.load(Map.of(), List.of(), file, Map.of());

        assertThat(c.tools()).extracting(ToolRegistration::id).containsExactly("forge", "otel-app");
        assertThat(c.tools().get(0).catalog())
                .hasValue(dir.resolve("forge.json").toString());
        assertThat(c.tools().get(1).catalog()).isEmpty();
    }

    @Test
    void aMisspeltKeyNamesTheLineAndSuggestsTheRightOne() throws Exception {
        Path file = dir.resolve("candor.conf");
        Files.writeString(file, "port = 1\nmax-body-byte = 5\n");

        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("candor.conf line 2: unknown setting 'max-body-byte' (did you mean 'max-body-bytes'?)");
    }

    @Test
    void badValuesNameTheSettingAndItsVariable() {
        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), null, Map.of("CANDOR_PORT", "http")))
                .hasMessage("port (CANDOR_PORT): 'http' is not a whole number");
        assertThatThrownBy(() ->
                        CollectorConfig.builder().set(Setting.PORT, "70000").build())
                .hasMessage("port: 70000 is not a port (0-65535)");
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .set(Setting.MAX_BODY_BYTES, "0")
                        .build())
                .hasMessageContaining("max-body-bytes (CANDOR_MAX_BODY_BYTES): must be above 0");
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .set(Setting.SERVER_SECRET, "s3cret-too-short")
                        .build())
                .hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining("s3cret-too-short");
        assertThatThrownBy(() ->
                        CollectorConfig.builder().tool("Bad Id:some-key-123").build())
                .hasMessageContaining("tool id 'Bad Id'");
        assertThatThrownBy(() -> CollectorConfig.builder().tool("a:short").build())
                .hasMessageContaining("ingest key of tool 'a'");
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .tool("a:key-one-1")
                        .tool("b:key-one-1")
                        .build())
                .hasMessageContaining("repeats the id or the key");
    }

    @Test
    void anUnreadableOrBinaryConfigFileIsOneClearLine() throws Exception {
        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), dir.resolve("missing.conf"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read config file");
        Path binary = dir.resolve("bin.conf");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), binary, Map.of()))
                .hasMessageContaining("is not UTF-8 text");
        Path noEquals = dir.resolve("x.conf");
        Files.writeString(noEquals, "port 4318\n");
        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), noEquals, Map.of()))
                .hasMessage("x.conf line 1: expected 'key = value', got 'port 4318'");
    }

    @Test
    void aPathWithANulCharacterIsAConfigErrorNotACrash() {
        // Found by OperatorInputsFuzzTest#configFiles: Path.of threw InvalidPathException past the config checks.
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .tool("forge:forge-public-ingest-key:cat\u0000.json")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a valid path");
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .set(Setting.DATA_DIR, "data\u0000dir")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("data-dir (CANDOR_DATA_DIR): 'data?dir' is not a valid path");
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .set(Setting.GEO_DATABASE, "geo\u0000.mmdb")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("geo-database");
    }

    @Test
    void theStoreMemoryLimitIsASizeOrNothing() {
        assertThat(CollectorConfig.builder()
                        .set(Setting.STORE_MEMORY_LIMIT, "2GiB")
                        .build()
                        .storeMemoryLimit())
                .hasValue("2GiB");
        assertThat(CollectorConfig.builder().build().storeMemoryLimit()).isEmpty();
        assertThatThrownBy(() -> CollectorConfig.builder()
                        .set(Setting.STORE_MEMORY_LIMIT, "2GiB'; DROP TABLE events; --")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a size such as 512MiB or 2GiB");
    }

    @Test
    void everySettingHasAKeyAVariableAndADescription() {
        for (Setting s : Setting.values()) {
            assertThat(s.environmentVariable()).matches("CANDOR_[A-Z_]+");
            assertThat(s.description()).isNotBlank();
            assertThat(Setting.byKey(s.key())).isSameAs(s);
        }
    }

    @Test
    void aCandorVariableThatNamesNoSettingIsRefusedWithTheNearestOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CollectorConfig.load(Map.of(), List.of(), null, Map.of("CANDOR_RETENTON_DAYS", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable CANDOR_RETENTON_DAYS names no setting (did you mean"
                        + " CANDOR_RETENTION_DAYS?); unset it, or see docs/OPERATIONS.md for the settings");
        org.assertj.core.api.Assertions.assertThatCode(() -> CollectorConfig.load(
                        Map.of(),
                        List.of(),
                        null,
                        Map.of("CANDOR_JAVA_OPTS", "-Xmx1g", "CANDOR_RETENTION_DAYS", "5", "OTHER_THING", "x")))
                .doesNotThrowAnyException();
    }

    @Test
    void aKeySetTwiceABadValueAndARelativeKeystoreAreToldByFileAndLine() throws Exception {
        Path file = dir.resolve("candor.conf");
        Files.writeString(file, "port = 4318\n# a comment\nport = 4319\n");
        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), file, Map.of()))
                .hasMessage("candor.conf line 3: 'port' is set twice (first on line 1); keep one");

        Files.writeString(file, "retention-days = soon\n");
        assertThatThrownBy(() -> CollectorConfig.load(Map.of(), List.of(), file, Map.of()))
                .hasMessageStartingWith("retention-days (candor.conf line 1): 'soon'");
        assertThatThrownBy(
                        () -> CollectorConfig.load(Map.of(), List.of(), null, Map.of("CANDOR_RETENTION_DAYS", "soon")))
                .hasMessageStartingWith("retention-days (CANDOR_RETENTION_DAYS): 'soon'");

        Files.writeString(file, "tls-keystore = tls/collector.p12\n");
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/collector.p12"), "a keystore");
        CollectorConfig c = CollectorConfig.load(Map.of(), List.of(), file, Map.of());
        assertThat(c.tlsKeystore()).contains(dir.resolve("tls/collector.p12"));
        assertThatThrownBy(() -> CollectorConfig.load(
                        Map.of(), List.of(), null, Map.of("CANDOR_TLS_KEYSTORE", "tls/collector.p12")))
                .as("from the environment, taken from the working directory")
                .hasMessage("tls-keystore: cannot read tls/collector.p12");
    }
}
