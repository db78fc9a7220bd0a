package org.openpalm.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.openpalm.payments.service.PaymentsObserver;

/** Payment metrics: outcomes counted, identification and authorisation timed (with histograms). */
public final class MicrometerObserver implements PaymentsObserver {
    private final MeterRegistry registry;

    public MicrometerObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void identified(String outcome, Duration took) {
        Timer.builder("openpalm.identification").description("1:N palm identification time").tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(took);
    }

    @Override
    public void authorised(String outcome, Duration took) {
        Timer.builder("openpalm.authorisation").description("card network authorisation time").tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(took);
    }

    @Override
    public void paymentOutcome(String outcome) {
        Counter.builder("openpalm.payments").description("payment operations by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }
}
