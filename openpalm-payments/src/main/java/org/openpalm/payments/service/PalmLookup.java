package org.openpalm.payments.service;

import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.Payer;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.CustomerId;

/** Who presented this palm, for uses without payment (loyalty join, gates, age checks). */
public final class PalmLookup {
    private final PalmIdentifier identifier;
    private final Storage storage;

    public PalmLookup(PalmIdentifier identifier, Storage storage) {
        this.identifier = identifier;
        this.storage = storage;
    }

    public sealed interface Found {
        record Customer(CustomerId id) implements Found {}

        /** Several enrolled palms match and there is no hint at a gate: the shopper is sent to staff. */
        record Ambiguous() implements Found {}

        record NotRecognised() implements Found {}
    }

    public Found lookup(PalmTemplate probe) {
        return switch (identifier.identify(probe, Optional.empty())) {
            case Identification.Identified i -> storage.customers().payerOf(i.enrolment())
                    .map(Payer::customer).<Found>map(c -> new Found.Customer(c.id())).orElseGet(Found.NotRecognised::new);
            case Identification.HintNeeded h -> new Found.Ambiguous();
            case Identification.NotRecognised n -> new Found.NotRecognised();
            // A clustered gallery below its majority answers nobody: a gate stays shut, no age is confirmed.
            case Identification.GalleryUnavailable u -> new Found.NotRecognised();
        };
    }
}
