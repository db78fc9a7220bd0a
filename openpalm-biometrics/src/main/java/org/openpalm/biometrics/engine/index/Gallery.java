package org.openpalm.biometrics.engine.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import org.openpalm.biometrics.engine.CodeMap;
import org.openpalm.biometrics.engine.PackedCode;
import org.openpalm.biometrics.engine.ShiftMatcher;

/**
 * The enrolled palms in flat slabs: per segment of {@code segmentSlots} palms one {@code long[]}
 * of fine codes (64 longs each), one of coarse codes (8 longs each), an {@code int[]} of tags and
 * a {@code long[]} of versions. No object per palm except its id string (and the id map entry).
 *
 * <p>Not thread-safe: the owner serialises writers against readers (PalmIndex holds a
 * read-write lock, in memory only). Searches only read and may run on many threads at once.
 *
 * <p>Coarse codes are stored plane by plane in blocks of {@link #BLOCK} palms (long j of palm i
 * of a block at {@code j * BLOCK + i}) so that the scan vectorises; see {@link CoarseProbe#blockCosts}.
 *
 * <p>Tags: 0 = free slot, 1 = palm without hint, {@code 2 + h} = palm with hint {@code h}.
 */
public final class Gallery {
    public static final int FREE = 0;
    public static final int NO_HINT = 1;
    public static final int MAX_HINT = 0xFFFF;
    /** Palms per coarse block: 64 KiB of coarse codes, which stay in the L2 cache over the translations. */
    public static final int BLOCK = 1024;
    /** Galleries of fewer blocks than this (64 blocks: 65,536 palms) are scanned on one thread. */
    static final int PARALLEL_SCAN_MIN_BLOCKS = 64;
    /** The same threshold in palms (slots), for scans split by palms rather than blocks. */
    public static final int PARALLEL_SCAN_MIN_PALMS = PARALLEL_SCAN_MIN_BLOCKS * BLOCK;

    private final int segmentSlots;
    private final List<Segment> segments = new ArrayList<>();
    private final HashMap<String, Integer> slotOf = new HashMap<>();
    private final int[] hintCounts = new int[MAX_HINT + 1];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int highWater;
    private long nextVersion = 1;

    static final class Segment {
        final long[] fine;
        final long[] coarse;
        final int[] tags;
        final long[] versions;
        final String[] ids;

        Segment(int slots) {
            fine = new long[slots * PackedCode.LONGS];
            coarse = new long[slots * CoarseCode.LONGS];
            if (slots % BLOCK != 0) throw new IllegalArgumentException("segment palms must be a multiple of " + BLOCK);
            tags = new int[slots];
            versions = new long[slots];
            ids = new String[slots];
        }
    }

    public Gallery(int segmentSlots) {
        if (segmentSlots < 1 || segmentSlots > (1 << 20)) throw new IllegalArgumentException("segmentSlots 1..2^20");
        this.segmentSlots = segmentSlots;
    }

    public static int tagOf(int hint) {
        if (hint < 0 || hint > MAX_HINT) throw new IllegalArgumentException("hint must be 0.." + MAX_HINT);
        return 2 + hint;
    }

    public int size() {
        return slotOf.size();
    }

    /** Palms carrying this tag ({@link #NO_HINT} counts those without a hint). */
    public int sizeWithTag(int tag) {
        return tag == NO_HINT ? size() - hintedTotal() : hintCounts[tag - 2];
    }

    private int hintedTotal() {
        int n = 0;
        for (int c : hintCounts) n += c;
        return n;
    }

    /** Slots used so far (free slots below it included): what a coarse scan reads. */
    public int highWater() {
        return highWater;
    }

    public boolean contains(String id) {
        return slotOf.containsKey(id);
    }

    /** Bytes held by the slabs (allocated segments, used or not), per-palm objects excluded. */
    public long slabBytes() {
        long perSlot = 8L * (PackedCode.LONGS + CoarseCode.LONGS) + 4 + 8 + 4; // + id reference (compressed oops)
        return perSlot * segmentSlots * segments.size();
    }

    /** Adds or replaces; {@code fine} is the packed code, {@code coarse} its {@link CoarseCode#gallery}. */
    public void put(String id, long[] fine, long[] coarse, int tag) {
        Integer existing = slotOf.get(id);
        int slot;
        if (existing != null) {
            slot = existing;
            untag(slot);
        } else {
            slot = freeCount > 0 ? freeSlots[--freeCount] : newSlot();
            slotOf.put(id, slot);
        }
        write(slot, id, fine, 0, coarse, 0, tag, nextVersion++);
    }

    private void write(int slot, String id, long[] fine, int fineOffset, long[] coarse, int coarseOffset, int tag,
            long version) {
        Segment s = segments.get(slot / segmentSlots);
        int local = slot % segmentSlots;
        System.arraycopy(fine, fineOffset, s.fine, local * PackedCode.LONGS, PackedCode.LONGS);
        int block = (local / BLOCK) * BLOCK * CoarseCode.LONGS + local % BLOCK;
        for (int j = 0; j < CoarseCode.LONGS; j++) s.coarse[block + j * BLOCK] = coarse[coarseOffset + j];
        s.tags[local] = tag;
        s.versions[local] = version;
        s.ids[local] = id;
        if (tag >= 2) hintCounts[tag - 2]++;
    }

    private void untag(int slot) {
        Segment s = segments.get(slot / segmentSlots);
        int tag = s.tags[slot % segmentSlots];
        if (tag >= 2) hintCounts[tag - 2]--;
    }

    private int newSlot() {
        if (highWater == segments.size() * segmentSlots) segments.add(new Segment(segmentSlots));
        return highWater++;
    }

    public boolean remove(String id) {
        Integer slot = slotOf.remove(id);
        if (slot == null) return false;
        untag(slot);
        Segment s = segments.get(slot / segmentSlots);
        int local = slot % segmentSlots;
        s.tags[local] = FREE;
        s.ids[local] = null;
        // Erasure: the palm's codes leave memory now, not when the slot is reused.
        java.util.Arrays.fill(s.fine, local * PackedCode.LONGS, (local + 1) * PackedCode.LONGS, 0L);
        int block = (local / BLOCK) * BLOCK * CoarseCode.LONGS + local % BLOCK;
        for (int j = 0; j < CoarseCode.LONGS; j++) s.coarse[block + j * BLOCK] = 0L;
        if (freeCount == freeSlots.length) freeSlots = java.util.Arrays.copyOf(freeSlots, 2 * freeCount);
        freeSlots[freeCount++] = slot;
        return true;
    }

    public String idAt(int slot) {
        return segments.get(slot / segmentSlots).ids[slot % segmentSlots];
    }

    /** The result of a search: slots best first and their fine distances. */
    public record Hits(int[] slots, double[] distances) {}

    /**
     * Coarse scan of every palm with a matching tag ({@code tagFilter < 0}: every palm), then exact
     * shift matching of the {@code fineCandidates} best, of which the {@code k} best are returned.
     */
    public Hits search(CoarseProbe coarse, ShiftMatcher fine, int tagFilter, int fineCandidates, int k) {
        int m = Math.max(fineCandidates, k);
        TopK best = new TopK(m);
        int hw = highWater;
        int blocks = (hw + BLOCK - 1) / BLOCK;
        // A few tasks per core: enough to balance, few enough that merging their heaps stays cheap.
        // A small gallery is scanned on the caller's thread: splitting a sub-millisecond scan costs
        // more in hand-offs and heap merges than it saves, and under load every core is busy anyway.
        int tasks = blocks < PARALLEL_SCAN_MIN_BLOCKS ? 1 : Math.min(blocks, 4 * Runtime.getRuntime().availableProcessors());
        List<TopK> parts = (tasks == 1 ? IntStream.range(0, 1) : IntStream.range(0, tasks).parallel())
                .mapToObj(t -> scanCoarse((int) ((long) t * blocks / tasks), (int) ((long) (t + 1) * blocks / tasks), hw,
                        coarse, tagFilter, m))
                .toList();
        for (TopK part : parts) best.offerAll(part);
        int[] shortlist = best.sortedSlots();
        TopK exact = new TopK(k);
        for (int slot : shortlist) {
            double d = fine.distance(segments.get(slot / segmentSlots).fine, (slot % segmentSlots) * PackedCode.LONGS);
            exact.offer(Double.doubleToLongBits(d), slot);
        }
        return hits(exact);
    }

    /**
     * The exact distance of the palm in {@code slot}; NaN when the slot is free now or holds a
     * palm outside {@code tagFilter} (it was erased, or reused by another enrolment, since the
     * coarse scan). The caller reads {@link #idAt} under the same lock.
     */
    public double fineDistance(ShiftMatcher fine, int slot, int tagFilter) {
        if (slot >= highWater) return Double.NaN;
        Segment s = segments.get(slot / segmentSlots);
        int local = slot % segmentSlots;
        if (!matches(s.tags[local], tagFilter)) return Double.NaN;
        return fine.distance(s.fine, local * PackedCode.LONGS);
    }

    /**
     * The coarse scan of this gallery into a heap shared with other galleries scanned with the
     * same probe (the partitions of a clustered gallery, one after another on one thread): a palm
     * is offered as key {@code (cost << 32) | ordinal}, slot its slot here, so the heap ranks by
     * cost, then by gallery, then by slot, and the cut-off of the galleries scanned before prunes
     * this one too.
     *
     * @param ordinal this gallery's place among those sharing {@code top}, 0 .. 2^31-1
     * @param scratch the calling thread's own
     * @return the palms with a matching tag (searched)
     */
    public int scanCoarseInto(CoarseProbe probe, int tagFilter, TopK top, int ordinal, CoarseProbe.Scratch scratch) {
        if (ordinal < 0) throw new IllegalArgumentException("ordinal must be >= 0");
        int hw = highWater;
        scanBlocks(0, (hw + BLOCK - 1) / BLOCK, hw, probe, tagFilter, top, 32, ordinal, scratch);
        return tagFilter < 0 ? size() : sizeWithTag(tagFilter);
    }

    /** Exact shift matching of every palm with a matching tag: the reference the coarse stage is tested against. */
    public Hits searchExhaustive(ShiftMatcher fine, int tagFilter, int k) {
        int hw = highWater;
        List<TopK> parts = IntStream.range(0, segments.size()).parallel().mapToObj(seg -> {
            Segment s = segments.get(seg);
            int n = Math.min(segmentSlots, hw - seg * segmentSlots);
            TopK top = new TopK(k);
            for (int i = 0; i < n; i++) {
                if (!matches(s.tags[i], tagFilter)) continue;
                double d = fine.distance(s.fine, i * PackedCode.LONGS);
                top.offer(Double.doubleToLongBits(d), seg * segmentSlots + i);
            }
            return top;
        }).toList();
        TopK best = new TopK(k);
        for (TopK part : parts) best.offerAll(part);
        return hits(best);
    }

    private static Hits hits(TopK top) {
        long[] keys = top.sortedKeys();
        double[] d = new double[keys.length];
        for (int i = 0; i < keys.length; i++) d[i] = Double.longBitsToDouble(keys[i]);
        return new Hits(top.sortedSlots(), d);
    }

    private static boolean matches(int tag, int filter) {
        return filter < 0 ? tag != FREE : tag == filter;
    }

    /** Scans global blocks [fromBlock, toBlock) of the slots below {@code highWater}. */
    private TopK scanCoarse(int fromBlock, int toBlock, int highWater, CoarseProbe probe, int tagFilter, int m) {
        TopK top = new TopK(m);
        scanBlocks(fromBlock, toBlock, highWater, probe, tagFilter, top, 0, 0, new CoarseProbe.Scratch());
        return top;
    }

    /**
     * Offers the palms of global blocks [fromBlock, toBlock) below {@code highWater} to {@code top}
     * as key {@code (cost << keyShift) | ordinal}, slot their slot.
     */
    private void scanBlocks(int fromBlock, int toBlock, int highWater, CoarseProbe probe, int tagFilter, TopK top, int keyShift,
            int ordinal, CoarseProbe.Scratch scratch) {
        int m = top.capacity();
        long worst = top.size() == m ? top.worstKey() : Long.MAX_VALUE;
        int blocksPerSegment = segmentSlots / BLOCK;
        for (int gb = fromBlock; gb < toBlock; gb++) {
            Segment s = segments.get(gb / blocksPerSegment);
            int b = gb % blocksPerSegment;
            int[] tags = s.tags;
            int global = gb * BLOCK;
            int count = Math.min(BLOCK, highWater - global);
            probe.blockCosts(s.coarse, b * BLOCK * CoarseCode.LONGS, count, scratch);
            int[] cost = scratch.cost;
            int first = b * BLOCK;
            for (int i = 0; i < count; i++) {
                long key = ((long) cost[i] << keyShift) | ordinal;
                // Keys are (cost, ordinal, slot); an equal key has this gallery's ordinal and a
                // smaller slot (slots only grow within a scan), so it never enters a full heap.
                if (key < worst && matches(tags[first + i], tagFilter)) {
                    top.offer(key, global + i);
                    if (top.size() == m) worst = top.worstKey();
                }
            }
        }
    }

    // ---- snapshot support ----

    public int segmentCount() {
        return segments.size();
    }

    /** Visits the palms of one segment: id, tag, version and the fine code at {@code fine[offset ..]}. */
    public interface EntryVisitor {
        void visit(String id, int tag, long version, long[] fine, int offset, long[] coarse) throws java.io.IOException;
    }

    /** As it visits, {@code coarse} holds the palm's coarse code (a buffer reused from palm to palm). */
    public void forEachInSegment(int seg, EntryVisitor visitor) throws java.io.IOException {
        Segment s = segments.get(seg);
        int n = Math.min(segmentSlots, highWater - seg * segmentSlots);
        long[] coarse = new long[CoarseCode.LONGS];
        for (int i = 0; i < n; i++) {
            if (s.tags[i] == FREE) continue;
            int block = (i / BLOCK) * BLOCK * CoarseCode.LONGS + i % BLOCK;
            for (int j = 0; j < CoarseCode.LONGS; j++) coarse[j] = s.coarse[block + j * BLOCK];
            visitor.visit(s.ids[i], s.tags[i], s.versions[i], s.fine, i * PackedCode.LONGS, coarse);
        }
    }

    /**
     * Loads one entry of a snapshot; of two entries with the same id the higher version wins (a
     * snapshot written while the index changed may hold both).
     */
    public void load(String id, int tag, long version, long[] fine, int offset) {
        long[] coarse = new long[CoarseCode.LONGS];
        CodeMap map = PackedCode.unpack(fine, offset);
        CoarseCode.gallery(map, coarse, 0);
        load(id, tag, version, fine, offset, coarse);
    }

    /** As {@link #load(String, int, long, long[], int)} with the coarse code given (protected galleries cannot recompute it). */
    public void load(String id, int tag, long version, long[] fine, int offset, long[] coarse) {
        if (tag == FREE || tag > MAX_HINT + 2) throw new IllegalArgumentException("bad tag " + tag);
        Integer existing = slotOf.get(id);
        if (existing != null) {
            Segment s = segments.get(existing / segmentSlots);
            if (s.versions[existing % segmentSlots] >= version) return;
            untag(existing);
        }
        int slot;
        if (existing != null) {
            slot = existing;
        } else {
            slot = newSlot();
            slotOf.put(id, slot);
        }
        write(slot, id, fine, offset, coarse, 0, tag, version);
        nextVersion = Math.max(nextVersion, version + 1);
    }
}
