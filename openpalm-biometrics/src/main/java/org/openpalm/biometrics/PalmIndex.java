package org.openpalm.biometrics;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.PackedCode;
import org.openpalm.biometrics.engine.ShiftMatcher;
import org.openpalm.biometrics.engine.index.CoarseCode;
import org.openpalm.biometrics.engine.index.CoarseProbe;
import org.openpalm.biometrics.engine.index.Gallery;
import org.openpalm.biometrics.engine.index.SnapshotCodec;
import org.openpalm.biometrics.engine.index.TopK;

/**
 * A 1:N gallery of palm templates keyed by {@link EnrolmentId}, searched by
 * {@link #identify(PalmTemplate, int)}.
 *
 * <p><b>Search.</b> Coarse to fine: every palm's 64-byte coarse code (16 x 16 blocks, 2 bits) is
 * compared with the probe's at a few translations, on all cores; the {@link IndexConfig#fineCandidates}
 * best are then matched exactly (the full shift search of {@link PalmMatcher}). Scanning the full
 * 512-byte codes of a million palms would move 512 MB per query; the coarse scan moves 64 MB.
 * {@link #identifyExhaustive} is the exact reference.
 *
 * <p><b>Memory.</b> Flat slabs: 512 B fine + 64 B coarse + 16 B tag, version and id reference per
 * palm ({@link #slabBytes()}), plus the id string and its map entry.
 *
 * <p><b>Concurrency.</b> Thread-safe. Searches share a read lock; {@link #put}, {@link #remove}
 * and the swap of a loaded snapshot take the write lock for an in-memory copy only (codes are
 * prepared before). No lock is held across file I/O: {@link #writeSnapshot} holds the read lock
 * while it copies one segment to memory, then writes it unlocked.
 *
 * <p><b>Protection.</b> An index made with a {@link TemplateProtectionKey} holds protected codes
 * only ({@link ProtectedTemplate}): plain templates given to {@link #put} are protected before
 * they are stored, a search protects the probe's aligned copies with the same key, and snapshots
 * hold protected codes (snapshot version 2). Search results are identical to those of a plain
 * index over the same palms.
 */
public final class PalmIndex {
    private final IndexConfig config;
    private final java.util.Optional<TemplateProtectionKey> protection;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Gallery gallery; // guarded by lock

    public PalmIndex() {
        this(IndexConfig.DEFAULT);
    }

    public PalmIndex(IndexConfig config) {
        this(config, java.util.Optional.empty());
    }

    /** An index that holds only codes protected with {@code protection}. */
    public PalmIndex(IndexConfig config, TemplateProtectionKey protection) {
        this(config, java.util.Optional.of(protection));
    }

    private PalmIndex(IndexConfig config, java.util.Optional<TemplateProtectionKey> protection) {
        if (config == null || protection == null) throw new IllegalArgumentException("config is required");
        this.config = config;
        this.protection = protection;
        this.gallery = new Gallery(config.segmentPalms());
    }

    /** The key of a protected index. */
    public java.util.Optional<TemplateProtectionKey> protection() {
        return protection;
    }

    public IndexConfig config() {
        return config;
    }

    /** Enrols, or replaces the template of an existing id, without a hint. */
    public void put(EnrolmentId id, PalmTemplate template) {
        put(id, template, Gallery.NO_HINT);
    }

    /** Enrols, or replaces, with a hint: searches with {@code hint} will consider this palm, others will too. */
    public void put(EnrolmentId id, PalmTemplate template, Hint hint) {
        put(id, template, Gallery.tagOf(hint.value()));
    }

    /** Enrols a protected template, without a hint; the index must be protected with the template's key. */
    public void put(EnrolmentId id, ProtectedTemplate template) {
        putProtected(id, template, Gallery.NO_HINT);
    }

    /** Enrols a protected template with a hint; the index must be protected with the template's key. */
    public void put(EnrolmentId id, ProtectedTemplate template, Hint hint) {
        putProtected(id, template, Gallery.tagOf(hint.value()));
    }

    private void putProtected(EnrolmentId id, ProtectedTemplate template, int tag) {
        if (id == null || template == null) throw new IllegalArgumentException("id and template are required");
        TemplateProtectionKey key = protection.orElseThrow(
                () -> new IllegalStateException("a plain index does not take protected templates"));
        template.requireKey(key);
        store(id, template.fine(), template.coarse().clone(), tag);
    }

    private void put(EnrolmentId id, PalmTemplate template, int tag) {
        if (id == null || template == null) throw new IllegalArgumentException("id and template are required");
        if (protection.isPresent()) {
            putProtected(id, protection.get().protect(template), tag);
            return;
        }
        long[] coarse = new long[CoarseCode.LONGS];
        CoarseCode.gallery(template.code(), coarse, 0);
        store(id, template.packed(), coarse, tag);
    }

    private void store(EnrolmentId id, long[] fine, long[] coarse, int tag) {
        lock.writeLock().lock();
        try {
            gallery.put(id.value(), fine, coarse, tag);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes an enrolment; false when there was none. */
    public boolean remove(EnrolmentId id) {
        lock.writeLock().lock();
        try {
            return gallery.remove(id.value());
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean contains(EnrolmentId id) {
        lock.readLock().lock();
        try {
            return gallery.contains(id.value());
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return gallery.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes held by the template slabs (allocated, so up to one segment more than the palms need). */
    public long slabBytes() {
        lock.readLock().lock();
        try {
            return gallery.slabBytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The {@code k} best candidates in the whole gallery and the decision on them. */
    public Identification identify(PalmTemplate probe, int k) {
        return identify(probe, k, -1);
    }

    /** As {@link #identify(PalmTemplate, int)}, among the palms enrolled with this hint only. */
    public Identification identify(PalmTemplate probe, int k, Hint hint) {
        return identify(probe, k, Gallery.tagOf(hint.value()));
    }

    private Identification identify(PalmTemplate probe, int k, int tagFilter) {
        // Probe preparation (shifted copies) needs no lock.
        return identify(prepare(probe), k, tagFilter);
    }

    /**
     * A probe prepared for searching: its shifted (and, in a protected index, protected) copies.
     * Preparing costs about as much as searching ten thousand palms, so a caller that searches
     * many small indexes with one probe (one index per partition of a clustered gallery) prepares
     * it once. A prepared probe fits any index with an equal {@link IndexConfig} and key.
     */
    public PreparedProbe prepare(PalmTemplate probe) {
        if (probe == null) throw new IllegalArgumentException("probe is required");
        ShiftMatcher fine = fineMatcher(probe);
        CoarseProbe coarse = protection.isPresent()
                ? new CoarseProbe(probe.code(), config.coarseShiftRangeCells(), config.coarseShiftStepCells(),
                        config.coarseMinBlocks(), protection.get().transform())
                : new CoarseProbe(probe.code(), config.coarseShiftRangeCells(), config.coarseShiftStepCells(),
                        config.coarseMinBlocks());
        return new PreparedProbe(config, protectionKeyId(), fine, coarse);
    }

    /** As {@link #identify(PalmTemplate, int)} with a probe prepared by an index like this one. */
    public Identification identify(PreparedProbe probe, int k) {
        return identify(probe, k, -1);
    }

    /** As {@link #identify(PalmTemplate, int, Hint)} with a probe prepared by an index like this one. */
    public Identification identify(PreparedProbe probe, int k, Hint hint) {
        return identify(probe, k, Gallery.tagOf(hint.value()));
    }

    /**
     * Searches several indexes as one index holding all their palms: the coarse scan of each,
     * one shortlist of the best {@link IndexConfig#fineCandidatesFor} the palms of all, matched
     * exactly, and the decision over the number of palms of all. A caller holding one index per
     * partition (a clustered gallery) gets the answer, and the cost, of one index: a shortlist
     * per index would match exactly up to that many times more palms. Each index is locked on
     * its own, in turn: a palm removed between the two stages is left out (its slot is free, or
     * holds a palm enrolled since, which is then matched as itself, with the hint checked again).
     *
     * <p>The indexes are scanned in a few runs, one per task, each run into one heap of the
     * shortlist's size: the cut-off found in the first indexes of a run prunes the rest, as in
     * one index. (A heap per index, merged afterwards, filled a whole shortlist from each of a
     * member's ~90 partitions: about a quarter of a member's search at 100,000 and at 1,000,000
     * palms.) Ties in
     * coarse cost are ranked by the indexes' order in {@code indexes}, then by slot.
     *
     * @param indexes indexes with the configuration and key {@code probe} was prepared for
     * @param hint    search only the palms enrolled with this hint
     */
    public static Identification identifyAll(List<PalmIndex> indexes, PreparedProbe probe, int k, java.util.Optional<Hint> hint) {
        if (k < 1) throw new IllegalArgumentException("k must be positive: " + k);
        if (probe == null || hint == null) throw new IllegalArgumentException("probe and hint are required");
        for (PalmIndex index : indexes) {
            if (!probe.config.equals(index.config) || !probe.keyId.equals(index.protectionKeyId())) {
                throw new IllegalArgumentException("the probe was prepared for an index with another configuration or key");
            }
        }
        int tagFilter = hint.map(h -> Gallery.tagOf(h.value())).orElse(-1);
        IndexConfig config = probe.config;
        // The shortlist of one index over all the palms: no index can add more than that to it.
        long total = 0;
        long[] slotsBefore = new long[indexes.size() + 1]; // runs are cut by slots to scan, the scan's cost
        for (int i = 0; i < indexes.size(); i++) {
            PalmIndex index = indexes.get(i);
            index.lock.readLock().lock();
            try {
                total += tagFilter < 0 ? index.gallery.size() : index.gallery.sizeWithTag(tagFilter);
                slotsBefore[i + 1] = slotsBefore[i] + index.gallery.highWater();
            } finally {
                index.lock.readLock().unlock();
            }
        }
        int m = Math.max(k, config.fineCandidatesFor(total));
        int runs = scanRuns(slotsBefore[indexes.size()], indexes.size());
        record Run(TopK best, long searched) {}
        // Coarse stage: run r scans the indexes whose first slot falls in its share of all slots.
        List<Run> scanned = (runs == 1 ? java.util.stream.IntStream.range(0, 1) : java.util.stream.IntStream.range(0, runs).parallel())
                .mapToObj(r -> {
                    int from = firstIndexAt(slotsBefore, slotsBefore[indexes.size()] * r / runs);
                    int to = r == runs - 1 ? indexes.size() : firstIndexAt(slotsBefore, slotsBefore[indexes.size()] * (r + 1) / runs);
                    TopK best = new TopK(m);
                    CoarseProbe.Scratch scratch = new CoarseProbe.Scratch();
                    long searched = 0;
                    for (int i = from; i < to; i++) {
                        PalmIndex index = indexes.get(i);
                        index.lock.readLock().lock();
                        try {
                            searched += index.gallery.scanCoarseInto(probe.coarse, tagFilter, best, i, scratch);
                        } finally {
                            index.lock.readLock().unlock();
                        }
                    }
                    return new Run(best, searched);
                }).toList();
        long searched = 0;
        TopK best = new TopK(m);
        for (Run run : scanned) {
            searched += run.searched();
            best.offerAll(run.best());
        }
        // Fine stage: the shortlist matched exactly (a few hundred palms at most: on this thread).
        long[] keys = best.sortedKeys();
        int[] slots = best.sortedSlots();
        TopK exact = new TopK(k);
        String[] ids = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            PalmIndex index = indexes.get((int) (keys[i] & 0xFFFF_FFFFL));
            double d;
            index.lock.readLock().lock();
            try {
                d = index.gallery.fineDistance(probe.fine, slots[i], tagFilter);
                if (!Double.isNaN(d)) ids[i] = index.gallery.idAt(slots[i]);
            } finally {
                index.lock.readLock().unlock();
            }
            // Ties in distance: the better coarse rank first.
            if (!Double.isNaN(d)) exact.offer(Double.doubleToLongBits(d), i);
        }
        long[] distances = exact.sortedKeys();
        int[] order = exact.sortedSlots();
        List<Candidate> candidates = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            candidates.add(new Candidate(new EnrolmentId(ids[order[i]]), ShiftMatcher.scoreOf(Double.longBitsToDouble(distances[i]))));
        }
        int palms = (int) Math.min(Integer.MAX_VALUE, searched);
        return decide(config, candidates, palms);
    }

    /**
     * Runs of the coarse stage of {@link #identifyAll}: one for a gallery small enough that
     * splitting costs more than it saves (as {@link Gallery#search}), else one per core, capped
     * by the number of indexes.
     */
    private static int scanRuns(long slots, int indexes) {
        if (indexes <= 1 || slots < Gallery.PARALLEL_SCAN_MIN_PALMS) return 1;
        return Math.min(indexes, Runtime.getRuntime().availableProcessors());
    }

    /** The first index whose slots start at or after {@code slot} (indexes.size() when none). */
    private static int firstIndexAt(long[] slotsBefore, long slot) {
        int i = 0;
        while (i < slotsBefore.length - 1 && slotsBefore[i] < slot) i++;
        return i;
    }

    /** A probe made ready by {@link #prepare}; immutable, shareable between threads and indexes alike. */
    public static final class PreparedProbe {
        private final IndexConfig config;
        private final java.util.Optional<String> keyId;
        private final ShiftMatcher fine;
        private final CoarseProbe coarse;

        private PreparedProbe(IndexConfig config, java.util.Optional<String> keyId, ShiftMatcher fine, CoarseProbe coarse) {
            this.config = config;
            this.keyId = keyId;
            this.fine = fine;
            this.coarse = coarse;
        }

        @Override
        public String toString() {
            return "PreparedProbe[" + keyId.map(id -> "protected, key " + id).orElse("plain") + "]";
        }
    }

    private Identification identify(PreparedProbe probe, int k, int tagFilter) {
        if (k < 1) throw new IllegalArgumentException("k must be positive: " + k);
        if (probe == null) throw new IllegalArgumentException("probe is required");
        if (!probe.config.equals(config) || !probe.keyId.equals(protectionKeyId())) {
            throw new IllegalArgumentException("the probe was prepared for an index with another configuration or key");
        }
        ShiftMatcher fine = probe.fine;
        CoarseProbe coarse = probe.coarse;
        lock.readLock().lock();
        try {
            int searched = tagFilter < 0 ? gallery.size() : gallery.sizeWithTag(tagFilter);
            Gallery.Hits hits = gallery.search(coarse, fine, tagFilter, config.fineCandidatesFor(searched), k);
            return decide(candidates(hits), searched);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Exact shift matching against every palm: the reference the coarse-to-fine search is tested
     * against, and an audit tool. About 8 times slower than {@link #identify} per palm searched.
     */
    public List<Candidate> identifyExhaustive(PalmTemplate probe, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be positive: " + k);
        ShiftMatcher fine = fineMatcher(probe);
        lock.readLock().lock();
        try {
            return candidates(gallery.searchExhaustive(fine, -1, k));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The probe's aligned copies, protected with the gallery's key when it has one. */
    private ShiftMatcher fineMatcher(PalmTemplate probe) {
        return protection.isPresent()
                ? new ShiftMatcher(probe.code(), EngineConfig.DEFAULT, protection.get().transform())
                : new ShiftMatcher(probe.code(), EngineConfig.DEFAULT);
    }

    private List<Candidate> candidates(Gallery.Hits hits) {
        List<Candidate> out = new ArrayList<>(hits.slots().length);
        for (int i = 0; i < hits.slots().length; i++) {
            String id = gallery.idAt(hits.slots()[i]);
            out.add(new Candidate(new EnrolmentId(id), ShiftMatcher.scoreOf(hits.distances()[i])));
        }
        return out;
    }

    private Identification decide(List<Candidate> candidates, int searched) {
        return decide(config, candidates, searched);
    }

    private static Identification decide(IndexConfig config, List<Candidate> candidates, int searched) {
        double threshold = ScoreScale.thresholdForIdentification(config.targetFpir(), searched);
        Decision decision;
        if (candidates.isEmpty() || candidates.getFirst().score() < threshold) {
            decision = new Decision.NoMatch();
        } else if (candidates.size() > 1 && candidates.get(1).score() >= threshold
                && candidates.getFirst().score() - candidates.get(1).score() < config.undecidedMarginPoints()) {
            decision = new Decision.Undecided(candidates.getFirst(), candidates.get(1));
        } else {
            decision = new Decision.Match(candidates.getFirst());
        }
        return new Identification(candidates, decision, threshold, searched);
    }

    /**
     * Writes every enrolment to {@code file}: first to a temporary file beside it, forced to disk,
     * then moved over {@code file} atomically, so a crash never leaves a half-written snapshot
     * under that name. Enrolments changed while the snapshot is written may or may not be in it;
     * each entry is whole, and an id is never lost (see {@link #loadSnapshot}).
     */
    public void writeSnapshot(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Gallery source;
            lock.readLock().lock();
            try {
                source = gallery;
            } finally {
                lock.readLock().unlock();
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
                try (SnapshotCodec.Writer writer = new SnapshotCodec.Writer(out, protectionKeyId())) {
                    for (int seg = 0; ; seg++) {
                        SnapshotCodec.EncodedSegment encoded;
                        lock.readLock().lock();
                        try {
                            if (seg >= source.segmentCount()) break;
                            encoded = SnapshotCodec.Writer.encodeSegment(source, seg, protection.isPresent());
                        } finally {
                            lock.readLock().unlock();
                        }
                        writer.segment(encoded);
                    }
                }
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Replaces the whole content of this index with the snapshot in {@code file}. The file is
     * read and verified completely (version, checksum, entry count) into a new gallery first; only
     * then is it swapped in. On any exception this index is unchanged.
     *
     * @throws SnapshotFormatException the file is truncated, corrupt, of another version or not a snapshot
     */
    public void loadSnapshot(Path file) throws IOException, SnapshotFormatException {
        Gallery loaded;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            loaded = SnapshotCodec.read(in, config.segmentPalms(), PalmIndex::validId, protectionKeyId());
        } catch (SnapshotCodec.FormatException e) {
            throw new SnapshotFormatException(file + ": " + e.getMessage(), e);
        }
        lock.writeLock().lock();
        try {
            gallery = loaded;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A new index holding the snapshot in {@code file}. */
    public static PalmIndex readSnapshot(Path file, IndexConfig config) throws IOException, SnapshotFormatException {
        PalmIndex index = new PalmIndex(config);
        index.loadSnapshot(file);
        return index;
    }

    /** A new protected index holding the snapshot of a protected index in {@code file}. */
    public static PalmIndex readSnapshot(Path file, IndexConfig config, TemplateProtectionKey protection)
            throws IOException, SnapshotFormatException {
        PalmIndex index = new PalmIndex(config, protection);
        index.loadSnapshot(file);
        return index;
    }

    private java.util.Optional<String> protectionKeyId() {
        return protection.map(TemplateProtectionKey::id);
    }

    private static boolean validId(String id) {
        try {
            new EnrolmentId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // Keeps the engine's packed layout assumption visible where the slabs are sized.
    static {
        if (PackedCode.LONGS != 64) throw new AssertionError("the index slabs assume 64 longs per template");
    }
}
