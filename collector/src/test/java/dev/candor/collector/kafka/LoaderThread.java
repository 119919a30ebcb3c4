package dev.candor.collector.kafka;

/** A loader running on a thread of the test, as {@code candor load} runs it on its main thread. */
final class LoaderThread {
    private LoaderThread() {}

    static Thread start(KafkaLoader loader) {
        Thread t = new Thread(
                () -> {
                    try {
                        loader.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "test-loader");
        t.start();
        return t;
    }
}
