package dev.candor.collector.publish;

import dev.candor.collector.enrich.CountryLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The data dictionary published beside each file, as {@code <file without .tsv>.dictionary.md}: its
 * columns, k, the period of a row, the hierarchies a generalized value comes from, what was suppressed,
 * how much detail each column kept, the licence and the DB-IP attribution. Markdown, so it reads as
 * text and renders on a code host.
 */
final class DataDictionary {
    static final String SUFFIX = ".dictionary.md";

    private DataDictionary() {}

    static Path pathFor(Path tsv) {
        String name = tsv.getFileName().toString();
        return tsv.resolveSibling(name.substring(0, name.length() - ".tsv".length()) + SUFFIX);
    }

    static void write(PublishReport r, String tool, Quarter quarter) throws IOException {
        Path target = pathFor(r.file());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text(r, tool, quarter), StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String text(PublishReport r, String tool, Quarter quarter) {
        StringBuilder b = new StringBuilder(4096);
        b.append("# ").append(r.file().getFileName()).append(": data dictionary\n\n");
        b.append("How often each command of `")
                .append(tool)
                .append("` ran in ")
                .append(quarter)
                .append(" (")
                .append(quarter.firstDay())
                .append(" to ")
                .append(quarter.lastDay())
                .append("), counted by the Candor collector from the events of machines whose users had not opted out.")
                .append(" The file is in the .NET CLI's published format: tab-separated, UTF-8, LF line ends, one")
                .append(" header line.\n\n");
        b.append("## Rows\n\n");
        b.append("One row per ")
                .append(r.period().setting())
                .append(" and combination of the six columns after `Timestamp`. ")
                .append(
                        switch (r.period()) {
                            case DAY -> "`Timestamp` is the day, at midnight UTC.";
                            case WEEK ->
                                "`Timestamp` is the week's first day (a Monday, or the quarter's first day for the"
                                        + " quarter's first week), at midnight UTC.";
                            case MONTH -> "`Timestamp` is the month's first day, at midnight UTC.";
                        })
                .append(" `Occurrences` is how many times the command ran in that period with those values.\n\n");
        b.append("## Columns\n\n| column | what it holds | when generalized |\n|---|---|---|\n");
        b.append("| Timestamp | `M/d/yyyy H:mm`, e.g. `7/1/2026 0:00` | never |\n");
        b.append("| Occurrences | a count | never |\n");
        String[] meaning = {
            "the command, as the tool's catalog names it (`build`, `new console`)",
            "the English name of the country of the sender's network (the address is dropped after the lookup)",
            "the operating system family: `Windows`, `Linux`, `Darwin`",
            "the runtime id, as the .NET CLI writes it: `win-x64`, `linux-musl-arm64`, `osx-arm64`",
            "the operating system's version",
            "the tool's version",
        };
        for (int c = 0; c < Hierarchy.COLUMNS.length; c++) {
            b.append("| ")
                    .append(Hierarchy.COLUMNS[c])
                    .append(" | ")
                    .append(meaning[c])
                    .append(" | ");
            b.append(String.join(" → ", Hierarchy.LEVEL_NAMES[c])).append(" |\n");
        }
        b.append(
                        "\n`Unknown` is a value the sender did not know. A generalized value stays in its column, in a form no")
                .append(" exact value takes: a continent (`Europe`, `North America`, `Antarctica`), a runtime id's")
                .append(" portable form or operating system (`linux-x64`, `linux`, as the .NET runtime id graph walks")
                .append(" them), a version's prefix with `.*` (`1.2.*`, `1.*`), and `Other`.\n\n");
        b.append("## k-anonymity\n\n");
        b.append(String.format(
                Locale.ROOT,
                "No row describes fewer than k = %d distinct machines. The combinations with fewer are generalized"
                        + " together, per %s: they start as one group with every column `Other`, which is split one"
                        + " column and one level at a time (command, tool version, operating system, continent,"
                        + " architecture, then the rest) for as long as every part keeps at least k machines; each part"
                        + " is one row, with the most detailed values all its combinations share. What is left with"
                        + " fewer than k machines in all is left out. Each combination is in one row only.\n\n",
                r.k(),
                r.period().setting()));
        b.append(String.format(
                Locale.ROOT,
                "In this file: %,d rows, %,d of them generalized (merging %,d of the quarter's %,d detailed day-and-"
                        + "combination rows); %,d detailed rows left out, %,d of %,d occurrences (%.2f %%).\n\n",
                r.rowsPublished(),
                r.rowsGeneralized(),
                r.detailedRowsMerged(),
                r.detailedRows(),
                r.rowsSuppressed(),
                r.leftOutOccurrences(),
                r.totalOccurrences(),
                r.totalOccurrences() == 0 ? 0.0 : 100.0 * r.leftOutOccurrences() / r.totalOccurrences()));
        b.append("## How much detail was kept\n\nShares of the published occurrences:\n\n")
                .append(r.utility().table())
                .append('\n');
        b.append("## Licence\n\n")
                .append(PublishedFilesHandler.LICENCE)
                .append(" Geography: ")
                .append(CountryLookup.ATTRIBUTION)
                .append(".\n");
        return b.toString();
    }
}
