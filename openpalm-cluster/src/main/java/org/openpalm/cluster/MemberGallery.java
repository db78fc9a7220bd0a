package org.openpalm.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openpalm.biometrics.Candidate;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.Hint;
import org.openpalm.biometrics.Identification;
import org.openpalm.biometrics.IndexConfig;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.TemplateFormatException;
import org.openpalm.biometrics.TemplateProtectionKey;

/**
 * One member's share of the gallery: a {@link PalmIndex} per partition this member owns, kept
 * in step with the cluster map by the entry processors that change it (on the partition's
 * thread, before the call returns) and rebuilt from the map when a partition comes to this
 * member (migration, promotion of a backup, a load from the database).
 *
 * <p>A partition's index is <i>ready</i> once a rebuild has filled it from the map; only ready
 * indexes of partitions this member owns at the time of the search are searched and reported as
 * covered, so the caller can tell a whole answer from a partial one. While a rebuild reads the
 * partition, changes go to the old and the new index alike (see {@link #beginRebuild}).
 */
final class MemberGallery {
    /** What the member knows of partition ownership, and where it asks for rebuilds. */
    interface Partitions {
        BitSet ownedLocally();

        void requestRebuild(int partition);
    }

    private static final class Slot {
        /** The searched index (replaced whole by a finished rebuild; guarded by this for writes). */
        volatile PalmIndex live;
        volatile boolean ready;
        /** The index a rebuild is filling, and its token (guarded by this). */
        PalmIndex building;
        long buildToken;

        Slot(PalmIndex live) {
            this.live = live;
        }
    }

    private final IndexConfig config;
    private final TemplateProtectionKey key;
    private final PalmIndex prototype;
    private final ConcurrentHashMap<Integer, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private volatile Partitions partitions;

    /**
     * Slab segment of a partition's index: the smallest the index allows. The default segment
     * (16,384 palms, 9.7 MB) suits one index per server; with 271 partitions per cluster it would
     * reserve gigabytes for small galleries, and a partition holds a few thousand palms anyway.
     */
    static final int PARTITION_SEGMENT_PALMS = 1024;

    /** How long a search waits for the rebuild of an owned partition not yet indexed before reporting it unsearched. */
    static final long REBUILD_WAIT_NANOS = 50_000_000L;

    MemberGallery(IndexConfig config, TemplateProtectionKey key) {
        this.config = config.withSegmentPalms(PARTITION_SEGMENT_PALMS);
        this.key = key;
        this.prototype = new PalmIndex(this.config, key);
    }

    void attach(Partitions partitions) {
        this.partitions = partitions;
    }

    TemplateProtectionKey key() {
        return key;
    }

    private Slot slot(int partition) {
        return slots.computeIfAbsent(partition, p -> new Slot(new PalmIndex(config, key)));
    }

    /** An enrolment changed in {@code partition}: {@code before}/{@code after} are map values, null when absent. */
    void apply(int partition, String enrolment, byte[] before, byte[] after) {
        Optional<PalmRecord> added = after == null ? Optional.empty() : Optional.of(PalmRecord.fromBytes(after));
        int removed = before == null ? 0 : PalmRecord.templateCount(before);
        Slot s = slot(partition);
        synchronized (s) {
            change(s.live, enrolment, removed, added);
            if (s.building != null) change(s.building, enrolment, removed, added);
        }
    }

    private static void change(PalmIndex index, String enrolment, int before, Optional<PalmRecord> after) {
        int now = after.map(r -> r.templates().size()).orElse(0);
        if (after.isPresent()) {
            PalmRecord r = after.get();
            for (int i = 0; i < now; i++) index.put(entry(enrolment, i), r.templates().get(i), r.hint());
        }
        for (int i = now; i < before; i++) index.remove(entry(enrolment, i));
    }

    /** The index entry of an enrolment's {@code n}-th template (as {@code IndexedPalmIdentifier} names it). */
    static EnrolmentId entry(String enrolment, int n) {
        return new EnrolmentId(enrolment + '#' + n);
    }

    /**
     * Starts refilling {@code partition}: changes from now on go to the new index as well, so an
     * enrolment that lands after the rebuild read the partition is not lost, one that landed
     * before it is read from the map.
     */
    long beginRebuild(int partition) {
        Slot s = slot(partition);
        synchronized (s) {
            s.building = new PalmIndex(config, key);
            s.buildToken = tokens.incrementAndGet();
            return s.buildToken;
        }
    }

    /** One map entry read by the rebuild {@code token}; false when that rebuild is no longer running here. */
    boolean rebuildEntry(int partition, long token, String enrolment, byte[] value) {
        Slot s = slots.get(partition);
        if (s == null) return false;
        PalmRecord r = PalmRecord.fromBytes(value);
        synchronized (s) {
            if (s.building == null || s.buildToken != token) return false;
            change(s.building, enrolment, 0, Optional.of(r));
            return true;
        }
    }

    /** Ends the rebuild {@code token}: its index becomes the searched one when {@code complete}. */
    boolean finishRebuild(int partition, long token, boolean complete) {
        Slot s = slots.get(partition);
        if (s == null) return false;
        synchronized (s) {
            if (s.building == null || s.buildToken != token) return false;
            if (complete) {
                s.live = s.building;
                s.ready = true;
            }
            s.building = null;
            return complete;
        }
    }

    /** Every index must be refilled (after a load from the database). */
    void invalidateAll() {
        for (Slot s : slots.values()) s.ready = false;
    }

    /** A partition left this member: its index is dropped. */
    void drop(int partition) {
        slots.remove(partition);
    }

    boolean isReady(int partition) {
        Slot s = slots.get(partition);
        return s != null && s.ready;
    }

    /** Templates and slab bytes in the ready indexes of this member. */
    record Footprint(long templates, long slabBytes, int readyPartitions) {}

    Footprint footprint() {
        long templates = 0;
        long bytes = 0;
        int ready = 0;
        for (Slot s : slots.values()) {
            if (!s.ready) continue;
            ready++;
            templates += s.live.size();
            bytes += s.live.slabBytes();
        }
        return new Footprint(templates, bytes, ready);
    }

    /**
     * Searches the ready indexes of the partitions this member owns now, on all cores; asks for
     * a rebuild of any owned partition not ready, and drops indexes of partitions it no longer
     * owns. {@code probe}: the template's bytes; empty: reports coverage only.
     */
    PartialResult search(Optional<byte[]> probe, Optional<Hint> hint, int k, String member) throws TemplateFormatException {
        Partitions p = partitions;
        BitSet owned = p.ownedLocally();
        for (Integer held : List.copyOf(slots.keySet())) {
            if (!owned.get(held)) slots.remove(held);
        }
        // A partition that has just come to this member (a migration while a member joins, a promotion) is
        // rebuilt within milliseconds: waiting that long here answers whole at once, where reporting it
        // unsearched costs the caller a retry delay, and during a migration wave, one retry after another.
        List<Integer> waiting = new ArrayList<>();
        for (int part = owned.nextSetBit(0); part >= 0; part = owned.nextSetBit(part + 1)) {
            Slot s = slots.get(part);
            if (s == null || !s.ready) {
                p.requestRebuild(part);
                waiting.add(part);
            }
        }
        long waitUntil = System.nanoTime() + REBUILD_WAIT_NANOS;
        while (!waiting.isEmpty() && System.nanoTime() < waitUntil) {
            waiting.removeIf(this::isReady);
            if (!waiting.isEmpty()) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        List<Integer> covered = new ArrayList<>();
        List<PalmIndex> indexes = new ArrayList<>();
        for (int part = owned.nextSetBit(0); part >= 0; part = owned.nextSetBit(part + 1)) {
            Slot s = slots.get(part);
            if (s != null && s.ready) {
                covered.add(part);
                indexes.add(s.live);
            }
        }
        int[] partitionIds = covered.stream().mapToInt(Integer::intValue).toArray();
        if (probe.isEmpty()) return new PartialResult(member, new String[0], new double[0], partitionIds, 0);
        // Preparing the probe costs about as much as scanning ten thousand palms: once per member (once per
        // JVM when members share one), not per partition. The member's partitions are searched as one
        // index: one shortlist matched exactly.
        PalmIndex.PreparedProbe prepared = SharedPreparations.prepare(prototype, probe.get());
        Identification found = PalmIndex.identifyAll(indexes, prepared, k, hint);
        long searched = found.searchedPalms();
        List<Candidate> best = found.candidates();
        String[] ids = best.stream().map(c -> c.id().value()).toArray(String[]::new);
        double[] scores = best.stream().mapToDouble(Candidate::score).toArray();
        return new PartialResult(member, ids, scores, partitionIds, searched);
    }

    @Override
    public String toString() {
        return "MemberGallery[" + slots.size() + " partitions, ready " + Arrays.toString(
                slots.entrySet().stream().filter(e -> e.getValue().ready).mapToInt(e -> e.getKey()).sorted().limit(8).toArray()) + "...]";
    }
}
