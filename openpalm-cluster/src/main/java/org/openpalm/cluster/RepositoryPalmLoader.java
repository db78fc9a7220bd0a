package org.openpalm.cluster;

import com.hazelcast.map.MapLoader;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.payments.identify.EnrolledPalm;
import org.openpalm.payments.identify.IndexedPalmIdentifier;
import org.openpalm.payments.identify.PalmRepository;
import org.openpalm.payments.ids.EnrolmentId;

/**
 * Fills a fresh cluster from the template store, so the database stays the record: the map is
 * only a partitioned, replicated copy of it. Read-only (a loader, not a store): enrolment and
 * erasure write the database in their own transaction first, then the cluster.
 */
public final class RepositoryPalmLoader implements MapLoader<String, byte[]> {
    private final PalmRepository palms;
    private final TemplateProtectionKey key;

    public RepositoryPalmLoader(PalmRepository palms, TemplateProtectionKey key) {
        this.palms = palms;
        this.key = key;
    }

    static byte[] value(EnrolledPalm palm, TemplateProtectionKey key) {
        return new PalmRecord(IndexedPalmIdentifier.tagOf(palm.hint()), palm.templates().stream().map(key::protect).toList()).toBytes();
    }

    /** Null when the store has no such active palm: Hazelcast's {@code MapLoader} contract for "absent". */
    @Override
    public byte[] load(String enrolment) {
        return loadAll(List.of(enrolment)).get(enrolment);
    }

    /** One read per batch Hazelcast asks for, not one per palm; ids that do not parse or no longer exist are left out. */
    @Override
    public Map<String, byte[]> loadAll(Collection<String> enrolments) {
        List<EnrolmentId> ids = enrolments.stream().flatMap(id -> EnrolmentId.parse(id).stream()).toList();
        Map<String, byte[]> out = new HashMap<>();
        for (EnrolledPalm palm : palms.findAll(ids)) out.put(palm.id().value(), value(palm, key));
        return out;
    }

    /** The ids alone: listing the gallery reads no template. */
    @Override
    public Iterable<String> loadAllKeys() {
        return palms.allPalmIds().stream().map(EnrolmentId::value).toList();
    }
}
