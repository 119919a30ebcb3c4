package dev.candor.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The operators' page and the code cannot drift apart: every setting is documented as it is. */
class OperationsDocTest {
    @Test
    void everySettingIsInTheOperationsTableWithItsVariableAndDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "OPERATIONS.md"));
        for (Setting s : Setting.values()) {
            String defaultCell = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            assertThat(doc)
                    .contains("| `" + s.key() + "` | `" + s.environmentVariable() + "` | " + defaultCell + " | "
                            + s.description() + " |");
        }
    }
}
