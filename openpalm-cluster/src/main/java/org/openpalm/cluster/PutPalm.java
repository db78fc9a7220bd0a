package org.openpalm.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * Enrols (value) or erases (no value) one enrolment on the partition's owner: the map entry and
 * the owner's index of that partition change together on the partition thread, so when the call
 * returns (after the synchronous backup too) the palm is searchable, or gone, from every member.
 * The backup only stores the value: backups are not indexed (an index is built when a backup is
 * promoted, see {@link MemberGallery}).
 */
final class PutPalm implements EntryProcessor<String, byte[], Boolean>, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] value; // null: erase
    private transient HazelcastInstance instance;

    PutPalm(byte[] value) {
        this.value = value;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
        byte[] before = entry.getValue();
        MemberGallery gallery = (MemberGallery) instance.getUserContext().get(PalmCluster.GALLERY);
        int partition = instance.getPartitionService().getPartition(entry.getKey()).getPartitionId();
        gallery.apply(partition, entry.getKey(), before, value);
        entry.setValue(value);
        return before != null;
    }

    @Override
    public EntryProcessor<String, byte[], Boolean> getBackupProcessor() {
        return new Backup(value);
    }

    /** The backup's part: the value only. */
    static final class Backup implements EntryProcessor<String, byte[], Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final byte[] value;

        Backup(byte[] value) {
            this.value = value;
        }

        @Override
        public Boolean process(Map.Entry<String, byte[]> entry) {
            entry.setValue(value);
            return Boolean.TRUE;
        }

        @Override
        public EntryProcessor<String, byte[], Boolean> getBackupProcessor() {
            return null;
        }
    }
}
