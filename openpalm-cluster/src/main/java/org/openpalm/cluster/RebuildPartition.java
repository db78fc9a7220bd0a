package org.openpalm.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * Reads every entry of one partition into the index a rebuild is filling. Run with a partition
 * predicate, it runs as one operation on the partition's thread, so it is ordered with the
 * {@link PutPalm}s of that partition. An entry read on a member other than the one rebuilding
 * (the partition moved again) answers false and the rebuild is not installed.
 */
final class RebuildPartition implements EntryProcessor<String, byte[], Boolean>, HazelcastInstanceAware, ReadOnly {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long token;
    private final String member;
    private transient HazelcastInstance instance;

    RebuildPartition(int partition, long token, String member) {
        this.partition = partition;
        this.token = token;
        this.member = member;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
        if (!instance.getCluster().getLocalMember().getUuid().toString().equals(member)) return false;
        MemberGallery gallery = (MemberGallery) instance.getUserContext().get(PalmCluster.GALLERY);
        return gallery.rebuildEntry(partition, token, entry.getKey(), entry.getValue());
    }

    @Override
    public EntryProcessor<String, byte[], Boolean> getBackupProcessor() {
        return null;
    }
}
