package dev.candor.collector.publish;

import dev.candor.collector.enrich.CountryLookup;
import dev.candor.collector.http.Replies;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /data/}: the public index of published files (name, size, rows, licence and
 * attribution) and {@code GET /data/<tool>-usage-<year>-q<n>.tsv}: a file. Public by design, like
 * the .NET CLI's usage data; only names of that exact shape are served, so no path can escape.
 */
public final class PublishedFilesHandler extends Handler.Abstract {
    public static final String PREFIX = "/data/";
    public static final String LICENCE = "The data is licensed under the Creative Commons Attribution 4.0 International"
            + " licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/), as the .NET CLI's usage data.";
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}-usage-\\d{4}-q[1-4]\\.tsv");
    private static final Pattern DICTIONARY =
            Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}-usage-\\d{4}-q[1-4]\\.dictionary\\.md");

    private final Path dir;
    private final Map<Path, long[]> rowCounts = new ConcurrentHashMap<>(); // path -> {size, mtime, rows}

    public PublishedFilesHandler(Path dir) {
        this.dir = dir;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Replies.text(response, callback, 405, "use GET\n");
            return true;
        }
        String name = Request.getPathInContext(request).substring(PREFIX.length());
        if (name.isEmpty()) {
            Replies.send(response, callback, 200, "text/html; charset=utf-8", index().getBytes(StandardCharsets.UTF_8));
            return true;
        }
        Path file = dir.resolve(name);
        boolean tsv = FILE.matcher(name).matches();
        if (!(tsv || DICTIONARY.matcher(name).matches()) || !Files.isRegularFile(file)) {
            Replies.text(response, callback, 404, "no such published file\n");
            return true;
        }
        response.setStatus(200);
        response.getHeaders()
                .put(
                        HttpHeader.CONTENT_TYPE,
                        tsv ? "text/tab-separated-values; charset=utf-8" : "text/markdown; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        Content.copy(Content.Source.from(file), response, callback);
        return true;
    }

    /** The files, newest quarter first per tool, for the index and the dashboard. */
    public List<Entry> files() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (FILE.matcher(name).matches() && Files.isRegularFile(p)) {
                    Path dictionary = DataDictionary.pathFor(p);
                    out.add(new Entry(
                            name,
                            Files.size(p),
                            rows(p),
                            Files.isRegularFile(dictionary)
                                    ? dictionary.getFileName().toString()
                                    : null));
                }
            }
        }
        out.sort((a, b) -> b.name().compareTo(a.name()));
        return out;
    }

    /** A published file: its name, size in bytes, data rows (header excluded) and its data dictionary's name, or null. */
    public record Entry(String name, long bytes, long rows, String dictionary) {}

    private long rows(Path p) throws IOException {
        long size = Files.size(p);
        FileTime mtime = Files.getLastModifiedTime(p);
        long[] cached = rowCounts.get(p);
        if (cached != null && cached[0] == size && cached[1] == mtime.toMillis()) {
            return cached[2];
        }
        long lines = 0;
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            while (r.readLine() != null) {
                lines++;
            }
        }
        long rows = Math.max(0, lines - 1);
        rowCounts.put(p, new long[] {size, mtime.toMillis(), rows});
        return rows;
    }

    private String index() throws IOException {
        StringBuilder b = new StringBuilder(2048);
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Published usage data</title>")
                // No page icon: otherwise the browser asks for /favicon.ico, a 404 on every first visit.
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append(
                        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td,th{padding:.2rem .8rem;")
                .append("text-align:left}td.n{text-align:right}</style></head><body><h1>Published usage data</h1>")
                .append("<p>Quarterly, per tool, in the .NET CLI's published format: tab-separated, with the columns ")
                .append(
                        "<code>Timestamp Occurrences Command Geography OSFamily RuntimeID OSVersion SDKVersion</code>. ")
                .append("No row describes fewer than k distinct machines; smaller groups are generalized (a continent,")
                .append(
                        " <code>1.2.*</code>, <code>Other</code>) or left out. Machine ids are never published. Each file's")
                .append(" data dictionary says how.</p><table><tr><th>file</th><th>bytes</th>")
                .append("<th>rows</th><th>data dictionary</th></tr>");
        List<Entry> files = files();
        for (Entry e : files) {
            b.append("<tr><td><a href=\"")
                    .append(e.name())
                    .append("\">")
                    .append(e.name())
                    .append("</a></td><td class=\"n\">")
                    .append(e.bytes())
                    .append("</td><td class=\"n\">")
                    .append(e.rows())
                    .append("</td><td>");
            if (e.dictionary() != null) {
                b.append("<a href=\"")
                        .append(e.dictionary())
                        .append("\">")
                        .append(e.dictionary())
                        .append("</a>");
            }
            b.append("</td></tr>");
        }
        if (files.isEmpty()) {
            b.append("<tr><td colspan=\"4\">Nothing published yet.</td></tr>");
        }
        b.append("</table><p>")
                .append(LICENCE)
                .append("</p><p>Geography: ")
                .append(CountryLookup.ATTRIBUTION_HTML)
                .append(", licensed under CC BY 4.0.</p></body></html>\n");
        return b.toString();
    }
}
