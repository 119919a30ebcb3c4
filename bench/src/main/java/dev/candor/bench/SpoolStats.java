package dev.candor.bench;

record SpoolStats(int files, long bytes) {}
