package org.openpalm.cluster;

import java.util.List;
import java.util.Optional;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.payments.customer.PalmHint;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.identify.IdentifierConfig;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.identify.PalmIdentifier;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * {@link PalmIdentifier} over a {@link PalmCluster}: the same index entries, hints and decision
 * rule as {@link IndexedPalmIdentifier}, over every server's palms. A search that cannot cover
 * the whole gallery answers {@link Identification.GalleryUnavailable}, never a guess from part
 * of it. Enrolment and erasure change the cluster only: the caller has written the database.
 */
public final class ClusteredPalmIdentifier implements PalmIdentifier {
    private final IdentifierConfig config;
    private final PalmCluster cluster;

    public ClusteredPalmIdentifier(IdentifierConfig config, PalmCluster cluster) {
        this.config = config;
        this.cluster = cluster;
    }

    @Override
    public void enrol(EnrolmentId enrolment, List<PalmTemplate> templates, PalmHint hint) {
        if (templates.isEmpty()) throw new IllegalArgumentException("at least one template");
        cluster.put(enrolment.value(), new PalmRecord(IndexedPalmIdentifier.tagOf(hint), templates.stream().map(cluster.key()::protect).toList()));
    }

    @Override
    public void remove(EnrolmentId enrolment) {
        cluster.erase(enrolment.value());
    }

    @Override
    public Identification identify(PalmTemplate probe, Optional<PalmHint> hint) {
        ClusterSearch search = cluster.search(probe, hint.map(IndexedPalmIdentifier::tagOf), IndexedPalmIdentifier.candidatesPerSearch());
        return switch (search) {
            case ClusterSearch.Complete c -> IndexedPalmIdentifier.decide(config, c.found(), hint);
            case ClusterSearch.Refused r -> new Identification.GalleryUnavailable(r.reason());
        };
    }

    @Override
    public int size() {
        return cluster.size();
    }
}
