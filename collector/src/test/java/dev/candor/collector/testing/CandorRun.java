package dev.candor.collector.testing;

import dev.candor.collector.Candor;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code candor ...} command line run in-process, as an operator would type it: exit code, stdout, stderr. */
public record CandorRun(int exit, String out, String err) {
    public static CandorRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Candor.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CandorRun(exit, out.toString(), err.toString());
    }
}
