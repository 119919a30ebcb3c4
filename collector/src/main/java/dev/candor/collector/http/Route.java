package dev.candor.collector.http;

import org.eclipse.jetty.server.Handler;

/** One entry of the collector's route table: an exact path, or (with {@code prefix}) every path under it. */
public record Route(String path, boolean prefix, Handler handler) {}
