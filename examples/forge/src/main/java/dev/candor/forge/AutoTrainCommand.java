package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** As {@code mlnet auto-train}: the dataset's name is sent only hashed, its size only as a bucket, the task as a category. */
@Command(name = "auto-train", mixinStandardHelpOptions = true, description = "Train a model on a CSV dataset.")
final class AutoTrainCommand extends ForgeCommand {
    static final List<String> TASKS = List.of("regression", "binary-classification", "multiclass-classification");

    @Option(names = "--dataset", required = true, description = "CSV file with a header row")
    Path dataset;

    @Option(
            names = "--task",
            required = true,
            completionCandidates = Tasks.class,
            description = "${COMPLETION-CANDIDATES}")
    String task;

    @Option(names = "--label-column", description = "Column to predict (default: the last)")
    String labelColumn;

    @Option(
            names = "--max-exploration-time",
            defaultValue = "10",
            description = "Seconds to explore (default: ${DEFAULT-VALUE})")
    int maxExplorationTime;

    AutoTrainCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        if (!TASKS.contains(task)) {
            throw new ForgeException("--task must be one of " + String.join(", ", TASKS));
        }
        if (!Files.isRegularFile(dataset)) {
            throw new ForgeException("dataset not found: " + dataset);
        }
        try (BufferedReader in = Files.newBufferedReader(dataset, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new ForgeException("dataset is empty: " + dataset);
            }
            List<String> columns = Arrays.asList(header.split(","));
            int label = labelColumn == null ? columns.size() - 1 : columns.indexOf(labelColumn);
            if (label < 0) {
                throw new ForgeException("no column named '" + labelColumn + "' in the dataset");
            }
            double sum = 0;
            long rows = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",");
                if (cells.length > label) {
                    try {
                        sum += Double.parseDouble(cells[label].trim());
                        rows++;
                    } catch (NumberFormatException e) {
                        // Non-numeric labels count as categories; the mean predictor skips them.
                    }
                }
            }
            out().printf(
                            "Trained a %s baseline on %d rows: mean label %.3f%n",
                            task, rows, rows == 0 ? 0.0 : sum / rows);
        }
        return 0;
    }

    static final class Tasks implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TASKS.iterator();
        }
    }
}
