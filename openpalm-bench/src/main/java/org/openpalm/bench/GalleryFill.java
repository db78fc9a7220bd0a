package org.openpalm.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.SyntheticTemplates;
import org.openpalm.payments.customer.Customer;
import org.openpalm.payments.customer.PhoneNumber;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.service.Storage;
import org.openpalm.server.ServerConfig;
import org.openpalm.store.Database;
import org.openpalm.store.JdbcStorage;

/**
 * Fills a server's database, before the server starts, with a crowd of enrolled palms: customers
 * without a card, each with one {@link SyntheticTemplates} palm stored encrypted through the palm
 * repository (the server's own store and keys), so the server loads them into its index at
 * start-up exactly as it loads real enrolments. Bench-only: no HTTP, no consent records.
 */
final class GalleryFill {
    private static final int BATCH = 500;

    private GalleryFill() {}

    /** Inserts {@code palms} crowd enrolments; returns how long it took in milliseconds. */
    static long fill(ServerConfig config, int palms, long seed) {
        long start = System.nanoTime();
        SyntheticTemplates synth = new SyntheticTemplates(seed);
        try (Database db = Database.open(config.effectiveDatabase())) {
            Storage storage = JdbcStorage.over(db, config.openKeys());
            Instant now = Instant.now();
            for (int from = 0; from < palms; from += BATCH) {
                int to = Math.min(palms, from + BATCH);
                List<PalmTemplate> templates = IntStream.range(from, to).parallel().mapToObj(synth::enrolment).toList();
                List<Customer> customers = new ArrayList<>();
                List<EnrolledPalm> enrolled = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    PhoneNumber phone = new PhoneNumber("+4479" + String.format("%09d", i));
                    Customer c = new Customer(CustomerId.random(), phone, Optional.empty(), now);
                    customers.add(c);
                    enrolled.add(new EnrolledPalm(EnrolmentId.random(), c.id(), List.of(templates.get(i - from)), phone.hint(), now));
                }
                storage.transactor().inTransaction(() -> {
                    customers.forEach(storage.customers()::insert);
                    enrolled.forEach(storage.palms()::insert);
                    return customers.size();
                });
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
