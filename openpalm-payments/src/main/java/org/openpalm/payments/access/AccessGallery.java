package org.openpalm.payments.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.identify.PalmRepository;
import org.openpalm.payments.ids.CustomerId;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.ids.MerchantId;
import org.openpalm.payments.privacy.PalmLinkedData;
import org.openpalm.payments.service.PalmLookup;

/**
 * Per merchant, the palms of the shoppers who consented to enter it by palm: a gate searches this
 * small gallery first (its threshold follows its own size, as any 1:N search), and only a palm not
 * found there is searched in the whole gallery, for a consent given through another server (see
 * {@link EntryService#enter}). An accelerator only: every answer is decided on the stored consent
 * and access list, so a stale entry here (a consent withdrawn on another server) changes the
 * speed, never the decision. Kept in step with consents on this server and emptied for a customer
 * whose palm data is erased.
 */
public final class AccessGallery implements PalmLinkedData {
    private final Supplier<PalmIdentifier> newIdentifier;
    private final PalmRepository palms;
    private final Map<MerchantId, PalmIdentifier> byMerchant = new ConcurrentHashMap<>();
    /** The enrolments added per merchant and customer, to take them out again. */
    private final Map<MerchantId, Map<CustomerId, List<EnrolmentId>>> added = new ConcurrentHashMap<>();

    public AccessGallery(Supplier<PalmIdentifier> newIdentifier, PalmRepository palms) {
        this.newIdentifier = newIdentifier;
        this.palms = palms;
    }

    /** Loads the palms of every active entry consent; returns how many consents. */
    public int load(List<EntryConsent> consents) {
        int n = 0;
        for (EntryConsent c : consents) {
            if (!c.active()) continue;
            add(c.merchant(), c.customer());
            n++;
        }
        return n;
    }

    public void add(MerchantId merchant, CustomerId customer) {
        List<EnrolledPalm> held = palms.ofCustomer(customer);
        PalmIdentifier index = byMerchant.computeIfAbsent(merchant, m -> newIdentifier.get());
        held.forEach(p -> index.enrol(p.id(), p.templates(), p.hint()));
        added.computeIfAbsent(merchant, m -> new ConcurrentHashMap<>()).put(customer, held.stream().map(EnrolledPalm::id).toList());
    }

    public void remove(MerchantId merchant, CustomerId customer) {
        Map<CustomerId, List<EnrolmentId>> ofMerchant = added.get(merchant);
        List<EnrolmentId> ids = ofMerchant == null ? null : ofMerchant.remove(customer);
        PalmIdentifier index = byMerchant.get(merchant);
        if (ids != null && index != null) ids.forEach(index::remove);
    }

    /** Erasure: the customer's palms leave every merchant's gallery. */
    @Override
    public int forget(CustomerId customer) {
        for (MerchantId merchant : added.keySet()) remove(merchant, customer);
        return 0; // nothing stored: the records are the consents, deleted by the access store
    }

    /** The shopper among those who consented to enter {@code merchant}; empty when not found there. */
    public Optional<PalmLookup.Found> lookup(MerchantId merchant, PalmTemplate probe) {
        PalmIdentifier index = byMerchant.get(merchant);
        if (index == null || index.size() == 0) return Optional.empty();
        return switch (index.identify(probe, Optional.empty())) {
            case Identification.Identified i -> palms.find(i.enrolment()).map(p -> new PalmLookup.Found.Customer(p.customer()));
            case Identification.HintNeeded h -> Optional.empty();
            case Identification.NotRecognised n -> Optional.empty();
            // the gates' galleries are this server's own indexes; a clustered identifier refusing is "not found here"
            case Identification.GalleryUnavailable u -> Optional.empty();
        };
    }

    /** Whether the customer's palms are in {@code merchant}'s gallery on this server. */
    public boolean holds(MerchantId merchant, CustomerId customer) {
        Map<CustomerId, List<EnrolmentId>> ofMerchant = added.get(merchant);
        return ofMerchant != null && ofMerchant.containsKey(customer);
    }

    /** Palms held for {@code merchant}'s gates. */
    public int size(MerchantId merchant) {
        PalmIdentifier index = byMerchant.get(merchant);
        return index == null ? 0 : index.size();
    }
}
