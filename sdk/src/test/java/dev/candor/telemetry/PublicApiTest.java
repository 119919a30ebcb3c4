package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.telemetry.testing.PublicApiDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The SDK as a library: every public member of its public API says what it does; so does the picocli
 * integration's (its sources are beside this module's in the repository).
 */
class PublicApiTest {
    @Test
    void everyPublicMemberHasJavadoc() throws Exception {
        assertThat(PublicApiDocs.undocumented(Path.of("src/main/java")))
                .as("public members of the SDK without Javadoc")
                .isEmpty();
    }

    @Test
    void everyPublicMemberOfThePicocliIntegrationHasJavadoc() throws Exception {
        Path picocli = Path.of("../picocli/src/main/java");
        assertThat(picocli).isDirectory();
        assertThat(PublicApiDocs.undocumented(picocli))
                .as("public members of candor-picocli without Javadoc")
                .isEmpty();
    }
}
