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

    /** Null when the store has no such palm: Hazelcast's {@code MapLoader} contract for "absent". */
    @Override
    public byte[] load(String enrolment) {
        return EnrolmentId.parse(enrolment).flatMap(palms::find).map(p -> value(p, key)).orElse(null);
    }

    @Override
    public Map<String, byte[]> loadAll(Collection<String> enrolments) {
        Map<String, byte[]> out = new HashMap<>();
        for (String id : enrolments) {
            byte[] v = load(id);
            if (v != null) out.put(id, v);
        }
        return out;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        List<EnrolledPalm> all = palms.allPalms();
        return all.stream().map(p -> p.id().value()).toList();
    }
}
