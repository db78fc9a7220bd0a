package org.openpalm.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openpalm.biometrics.Hint;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.TemplateFormatException;

/**
 * The probe scattered to every member: each searches the partitions it owns (see
 * {@link MemberGallery#search}). Without a probe it only reports which partitions it covers.
 */
final class SearchTask implements Callable<PartialResult>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] probe; // plain template bytes; empty: coverage only
    private final int hint; // -1: none
    private final int k;
    private transient HazelcastInstance instance;

    SearchTask(Optional<PalmTemplate> probe, Optional<Hint> hint, int k) {
        this.probe = probe.map(PalmTemplate::toBytes).orElse(new byte[0]);
        this.hint = hint.map(Hint::value).orElse(-1);
        this.k = k;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public PartialResult call() throws TemplateFormatException {
        MemberGallery gallery = (MemberGallery) instance.getUserContext().get(PalmCluster.GALLERY);
        return gallery.search(probe.length == 0 ? Optional.empty() : Optional.of(probe), hint < 0 ? Optional.empty() : Optional.of(Hint.of(hint)), k,
                instance.getCluster().getLocalMember().getUuid().toString());
    }

    @Override
    public String toString() {
        return "SearchTask[k=" + k + (hint < 0 ? "" : ", with a hint") + "]";
    }
}
