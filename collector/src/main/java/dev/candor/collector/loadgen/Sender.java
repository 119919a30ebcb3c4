package dev.candor.collector.loadgen;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's worth of load: takes the next request from the schedule, builds and compresses
 * its body, waits until it is due, sends it, and tallies the answer. No retries: the run counts what
 * was acknowledged, and a 429 or 503 is counted like any other answer. Its tallies are read after
 * the thread ended.
 */
final class Sender implements Runnable {
    private final LoadPlan plan;
    private final HttpClient client;
    private final Schedule schedule;
    private final ForgeRequestWriter writer;
    private final LiveTotals live;

    final LatencyHistogram latency = new LatencyHistogram();
    final long[] statuses = new long[600];
    long errors;
    String firstError;
    long requests;
    long eventsSent;
    long eventsAcknowledged;
    long eventsRejected;
    long bytesSent;
    long bytesUncompressed;
    /** Numbers of the requests acknowledged whole; kept only with repeatable ids, where they name the events. */
    final List<Long> acknowledgedRequests = new ArrayList<>();

    Sender(LoadPlan plan, HttpClient client, Schedule schedule, ForgeRequestWriter writer, LiveTotals live) {
        this.plan = plan;
        this.client = client;
        this.schedule = schedule;
        this.writer = writer;
        this.live = live;
    }

    @Override
    public void run() {
        try (GzipEncoder gzip = new GzipEncoder()) {
            long n;
            while ((n = schedule.take()) >= 0) {
                SimulatedRequest request = writer.next(schedule.events(n), n);
                byte[] body = gzip.encode(request.json());
                long due;
                if (schedule.paced()) {
                    due = schedule.dueNanos(n);
                    Schedule.waitUntil(due);
                } else {
                    due = System.nanoTime();
                }
                send(n, request, body, due);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(long n, SimulatedRequest request, byte[] body, long due) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(plan.logsUrl())
                .timeout(plan.timeout())
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + plan.key())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (plan.forwardedFor()) {
            b.header("X-Forwarded-For", request.clientAddress());
        }
        requests++;
        eventsSent += request.events();
        bytesSent += body.length;
        bytesUncompressed += request.json().length;
        int status;
        byte[] answer;
        try {
            HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            answer = response.body();
        } catch (IOException e) {
            errors++;
            if (firstError == null) {
                firstError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            live.failed.increment();
            return;
        }
        long now = System.nanoTime();
        latency.record((now - due) / 1000);
        statuses[Math.min(statuses.length - 1, Math.max(0, status))]++;
        if (status / 100 == 2) {
            int rejected = rejectedRecords(answer);
            eventsRejected += rejected;
            eventsAcknowledged += request.events() - rejected;
            live.acknowledged.add(request.events() - rejected);
            if (rejected == 0 && plan.repeatableIds()) {
                acknowledgedRequests.add(n);
            }
        } else {
            live.failed.increment();
        }
    }

    /** {@code partialSuccess.rejectedLogRecords} of an OTLP/JSON success answer; 0 when absent. */
    static int rejectedRecords(byte[] answer) {
        if (answer == null || answer.length <= 2) {
            return 0; // "{}": all accepted
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        int at = text.indexOf("\"rejectedLogRecords\"");
        if (at < 0) {
            return 0;
        }
        int i = text.indexOf(':', at) + 1;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '"')) {
            i++;
        }
        int value = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i++) - '0');
        }
        return value;
    }
}
