package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.COMMAND;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

record Options(
        int runs,
        int warmup,
        Path jar,
        List<Scenario> scenarios,
        List<List<String>> commands,
        Path out,
        boolean help,
        boolean cds) {
    static final String USAGE = """
            usage: %s [options]
              --runs N             timed on/off pairs per scenario and command (default 60)
              --warmup N           untimed pairs before them (default 3)
              --jar PATH           forge jar, with its lib/ beside it (default examples/forge/target/forge.jar)
              --scenarios LIST     https,http,down,blackholed (default all four)
              --commands LIST      forge commands, comma separated; spaces split arguments (default build,--version)
              --out FILE           also write the markdown results there
              --cds on|off         launch with an AppCDS archive, as bin/forge does (default on)""".formatted(COMMAND);

    static Options parse(String[] args) {
        int runs = 60;
        int warmup = 3;
        Path jar = Path.of("examples/forge/target/forge.jar");
        List<Scenario> scenarios = List.of(Scenario.values());
        List<List<String>> commands = List.of(List.of("build"), List.of("--version"));
        Path out = null;
        boolean cds = true;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("-h") || name.equals("--help")) {
                return new Options(runs, warmup, jar, scenarios, commands, out, true, cds);
            }
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for " + name);
            }
            switch (name) {
                case "--runs" -> runs = positive(name, value, 1);
                case "--warmup" -> warmup = positive(name, value, 0);
                case "--jar" -> jar = Path.of(value);
                case "--scenarios" ->
                    scenarios = split(value).stream()
                            .map(Scenario::parse)
                            .distinct()
                            .toList();
                case "--commands" ->
                    commands = split(value).stream()
                            .map(c -> Arrays.asList(c.trim().split("\\s+")))
                            .toList();
                case "--out" -> out = Path.of(value);
                case "--cds" -> cds = !value.equals("off");
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (scenarios.isEmpty() || commands.isEmpty()) {
            throw new IllegalArgumentException("need at least one scenario and one command");
        }
        return new Options(runs, warmup, jar, scenarios, commands, out, false, cds);
    }

    private static int positive(String name, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
        }
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
