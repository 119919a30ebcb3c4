package dev.candor.bench;

import java.util.List;

record ScenarioResult(
        Scenario scenario,
        int port,
        boolean noticeShown,
        List<Samples> samples,
        Delivery delivery,
        List<String> notes) {}
