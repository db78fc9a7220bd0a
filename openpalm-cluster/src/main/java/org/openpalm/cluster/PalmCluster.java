package org.openpalm.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapLoader;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicates;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openpalm.biometrics.Candidate;
import org.openpalm.biometrics.Decision;
import org.openpalm.biometrics.EnrolmentId;
import org.openpalm.biometrics.Hint;
import org.openpalm.biometrics.Identification;
import org.openpalm.biometrics.IndexConfig;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.ScoreScale;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the clustered palm gallery (embedded Hazelcast). The palms are a partitioned map
 * (enrolment id to {@link PalmRecord}) with one synchronous backup; this member keeps a
 * {@code PalmIndex} per partition it owns ({@link MemberGallery}). Enrolment and erasure run on
 * the partition's owner ({@link PutPalm}); a search is scattered to every member and merged here,
 * and answers only when every partition was searched exactly once ({@link #search}).
 *
 * <p>Below a majority of the configured members the map refuses reads and writes (split-brain
 * protection) and {@link #search} refuses. With a loader, a fresh cluster fills the map from the
 * database, which stays the record.
 */
public final class PalmCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PalmCluster.class);
    static final String MAP = "openpalm-palms";
    static final String MARKS = "openpalm-partition-marks";
    static final String EXECUTOR = "openpalm-identify";
    static final String PROTECTION = "openpalm-majority";
    static final String GALLERY = "openpalm.gallery";

    private final ClusterConfig config;
    private final IndexConfig indexConfig;
    private final HazelcastInstance instance;
    private final MemberGallery gallery;
    /** Set once the map is open (and, with a loader, loaded); rebuilds asked for before wait for it. */
    private volatile IMap<String, byte[]> map;
    private final IExecutorService executor;
    private final Object[] partitionKeys;
    private final LinkedBlockingQueue<Integer> rebuilds = new LinkedBlockingQueue<>();
    private final Set<Integer> pendingRebuilds = ConcurrentHashMap.newKeySet();
    /**
     * Threads rebuilding indexes, each taking the next partition asked for: when a member rejoins,
     * about a third of the partitions migrate to it at once and each is searched only once rebuilt
     * there; one thread, one partition after another, left tens of them unsearched at a time and
     * held every search back for most of a second.
     */
    private static final int REBUILD_THREADS = 8;
    private final List<Thread> rebuilders;
    private final String localMember;
    private final Optional<MapLoader<String, byte[]>> loader;
    /** One entry per partition, in the partition itself: present while the partition holds every palm (see {@link #rebuild}). */
    private volatile IMap<String, Boolean> marks;
    private final java.util.concurrent.atomic.AtomicBoolean reloadScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Set<Integer> partitionsFoundLost = ConcurrentHashMap.newKeySet();
    /** Reloads this member ran that found partitions to bring back (for tests and logs). */
    private final java.util.concurrent.atomic.AtomicInteger reloadsRun = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    private PalmCluster(ClusterConfig config, IndexConfig indexConfig, TemplateProtectionKey key, Optional<MapLoader<String, byte[]>> loader) {
        this.config = config;
        this.indexConfig = indexConfig;
        this.loader = loader;
        this.gallery = new MemberGallery(indexConfig, key);
        // Each member announces its template key (id and fingerprint, never the key) and checks the
        // cluster's as soon as it has joined, before it opens the map: until then it indexes nothing,
        // so it never reports a partition searched (searches elsewhere retry meanwhile), and a
        // refused member leaves gracefully, handing back the entries it was given. (Joining as a
        // lite member, promoted after the check, would keep even the entries away, but changes when
        // and how the partitions are first laid out; not done here.)
        Config hazelcast = hazelcastConfig(config, gallery, loader);
        hazelcast.getMemberAttributeConfig().setAttribute(KEY_ID_ATTRIBUTE, key.id()).setAttribute(KEY_FINGERPRINT_ATTRIBUTE, fingerprint(key));
        this.instance = Hazelcast.newHazelcastInstance(hazelcast);
        Optional<String> refusal = keyRefusal(config, instance.getCluster().getMembers(), key);
        if (refusal.isPresent()) {
            instance.shutdown();
            throw new IllegalStateException(refusal.get());
        }
        this.localMember = instance.getCluster().getLocalMember().getUuid().toString();
        instance.getUserContext().put(GALLERY + ".cluster", this); // for the OnMember tasks sent to this member
        this.partitionKeys = partitionKeys(instance, config.partitionCount());
        gallery.attach(new MemberGallery.Partitions() {
            @Override
            public BitSet ownedLocally() {
                return PalmCluster.this.ownedLocally();
            }

            @Override
            public void requestRebuild(int partition) {
                PalmCluster.this.requestRebuild(partition);
            }
        });
        instance.getPartitionService().addMigrationListener(new Migrations());
        instance.getPartitionService().addPartitionLostListener(event -> {
            // Hazelcast reports every partition whose owner died: lost backup count 0 when a backup
            // took over whole (nothing to do: the promoted backup holds every palm and its mark), 1 or
            // more when no replica up to that backup survived. The rebuild finds such a partition by
            // its missing mark whatever the order of these events (see rebuild); this only starts the
            // reload sooner.
            if (event.getLostBackupCount() == 0) {
                LOG.info("partition {} lost its owner; a backup took over", event.getPartitionId());
            } else {
                LOG.error("partition {} lost its replicas up to backup {} (members failed at once, or before their backups were in sync)",
                        event.getPartitionId(), event.getLostBackupCount());
                scheduleReload();
            }
        });
        this.executor = instance.getExecutorService(EXECUTOR);
        this.rebuilders = java.util.stream.IntStream.range(0, REBUILD_THREADS)
                .mapToObj(i -> Thread.ofPlatform().daemon().name("openpalm-cluster-rebuild-" + i).start(this::rebuildLoop)).toList();
        awaitMajority();
        this.marks = instance.getMap(MARKS);
        // With a loader, getMap fills a fresh cluster from the database (initial load, eager) before it returns.
        IMap<String, byte[]> palms = instance.getMap(MAP);
        markFreshCluster(palms);
        this.map = palms;
        refreshLocal();
    }

    /**
     * Starts this member and joins the cluster of {@code config.members()}; waits for a majority
     * of them (up to {@code joinTimeoutMillis}). {@code loader}: where a fresh cluster loads the
     * palms from (the database), none for a gallery that starts empty.
     */
    public static PalmCluster join(ClusterConfig config, IndexConfig indexConfig, TemplateProtectionKey key,
            Optional<MapLoader<String, byte[]>> loader) {
        return new PalmCluster(config, indexConfig, key, loader);
    }

    /** Member attributes: the template protection key's public id and its fingerprint (never the key). */
    static final String KEY_ID_ATTRIBUTE = "openpalm.templateKey.id";
    static final String KEY_FINGERPRINT_ATTRIBUTE = "openpalm.templateKey.fingerprint";

    /** The fingerprint of a template protection key: the one the store records for it in the database (the same function). */
    static String fingerprint(TemplateProtectionKey key) {
        return org.openpalm.payments.keys.KeyFingerprint.of(key.toBytes(), org.openpalm.payments.keys.KeyFingerprint.Kind.PROTECTION, key.id());
    }

    /**
     * Why this member must not join, if its template key is not the cluster's: the cluster's key
     * is the oldest member's (the first in Hazelcast's member list, which every member sees in the
     * same order), so of members starting together with different keys the later ones refuse. A
     * member with another key would index palms it cannot match and protect new ones so that no
     * other member can match them. A member that announces no key (an older version) is not
     * compared.
     */
    static Optional<String> keyRefusal(ClusterConfig config, Set<Member> members, TemplateProtectionKey key) {
        String mine = fingerprint(key);
        Member oldest = members.iterator().next();
        List<Member> reference = oldest.localMember() ? List.of() : List.of(oldest);
        for (Member m : reference) {
            String theirs = m.getAttribute(KEY_FINGERPRINT_ATTRIBUTE);
            if (theirs == null || theirs.equals(mine)) continue;
            return Optional.of("refusing to join the cluster '" + config.clusterName() + "': this server's template protection key '" + key.id()
                    + "' (fingerprint " + mine.substring(0, 12) + "...) differs from the cluster's, template protection key '"
                    + m.getAttribute(KEY_ID_ATTRIBUTE) + "' (fingerprint " + theirs.substring(0, 12) + "...) of member "
                    + m.getAddress().getHost() + ":" + m.getAddress().getPort() + ". Its palms would be protected under a key the other"
                    + " members cannot match. Point keys.file at the shared key file of the other servers (or the same key service).");
        }
        return Optional.empty();
    }

    private static Config hazelcastConfig(ClusterConfig cc, MemberGallery gallery, Optional<MapLoader<String, byte[]>> loader) {
        Config c = new Config();
        c.setClusterName(cc.clusterName());
        c.setInstanceName("openpalm-" + cc.host() + "-" + cc.port());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.partition.count", Integer.toString(cc.partitionCount()));
        c.setProperty("hazelcast.local.localAddress", cc.host());
        c.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(Math.max(1, cc.heartbeatIntervalMillis() / 1000)));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(Math.max(2, cc.memberTimeoutMillis() / 1000)));
        // Members are named in the configuration: there is nothing to wait for before joining.
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.getJetConfig().setEnabled(false);
        c.getNetworkConfig().setPort(cc.port()).setPortAutoIncrement(false);
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cc.members());
        c.getUserContext().put(GALLERY, gallery);
        c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(PROTECTION, true, cc.majority())
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        MapConfig palms = new MapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY).setSplitBrainProtectionName(PROTECTION);
        loader.ifPresent(l -> palms.setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(l)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER)));
        c.addMapConfig(palms);
        // The marks share the palms' partitions (same keys' partition ids), hence their replicas and their fate.
        c.addMapConfig(new MapConfig(MARKS).setBackupCount(1).setAsyncBackupCount(0).setSplitBrainProtectionName(PROTECTION));
        c.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(cc.identifyThreads()));
        return c;
    }

    /** A key in each partition, for partition predicates (found once: a few hashes per partition). */
    private static Object[] partitionKeys(HazelcastInstance instance, int partitions) {
        Object[] keys = new Object[partitions];
        int found = 0;
        for (int i = 0; found < partitions; i++) {
            String key = "partition-key-" + i;
            int p = instance.getPartitionService().getPartition(key).getPartitionId();
            if (keys[p] == null) {
                keys[p] = key;
                found++;
            }
        }
        return keys;
    }

    private void awaitMajority() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.joinTimeoutMillis());
        // The member count first; then Hazelcast's split-brain protection, which learns of the
        // members a little later and until then refuses the map operations that follow.
        while (instance.getCluster().getMembers().size() < config.majority()
                || !instance.getSplitBrainProtectionService().getSplitBrainProtection(PROTECTION).hasMinimumSize()) {
            if (System.nanoTime() > deadline) {
                int members = instance.getCluster().getMembers().size();
                instance.shutdown();
                throw new IllegalStateException("only " + members + " of the " + config.members().size() + " cluster members joined within "
                        + config.joinTimeoutMillis() + " ms; a majority (" + config.majority() + ") is needed");
            }
            sleep(50);
        }
    }

    BitSet ownedLocally() {
        BitSet owned = new BitSet(config.partitionCount());
        for (Partition p : instance.getPartitionService().getPartitions()) {
            Member owner = p.getOwner();
            if (owner != null && owner.localMember()) owned.set(p.getPartitionId());
        }
        return owned;
    }

    private void requestRebuild(int partition) {
        if (pendingRebuilds.add(partition)) rebuilds.add(partition);
    }

    private void rebuildLoop() {
        while (!closed) {
            int partition;
            try {
                partition = rebuilds.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                rebuild(partition);
            } catch (RuntimeException e) {
                if (!closed) LOG.warn("rebuild of partition {} failed ({}); the next search asks again", partition, e.toString());
            } finally {
                pendingRebuilds.remove(partition);
            }
        }
    }

    /**
     * Refills the index of {@code partition} from the map, if the partition still holds all its
     * palms. A partition whose owner and backup died together comes to a survivor empty; Hazelcast
     * says so in a partition-lost event, but that may arrive after the empty partition could
     * already have been indexed and searched, answering NOT_RECOGNISED for its palms. So each
     * partition holds a mark (an entry of {@link #MARKS} in the same partition, so on the same
     * replicas): written once the partition is whole (a fresh cluster's load, a reload), lost with
     * the palms. No mark, no index: searches retry, then refuse, until the reload has brought the
     * palms back from the database and marked the partition again.
     */
    private void rebuild(int partition) {
        IMap<String, byte[]> map = this.map;
        if (map == null || closed || !instance.getLifecycleService().isRunning() || !ownedLocally().get(partition)) return;
        if (!marks.containsKey(partitionKeys[partition])) {
            if (partitionsFoundLost.add(partition)) {
                LOG.error("partition {} came to this member without its mark: its palms were lost with both replicas{}", partition,
                        loader.isPresent() ? "; it is searched again once they are reloaded from the database" : "");
            }
            scheduleReload();
            return;
        }
        long token = gallery.beginRebuild(partition);
        boolean complete = false;
        try {
            Map<String, Boolean> read = map.executeOnEntries(new RebuildPartition(partition, token, localMember),
                    Predicates.partitionPredicate(partitionKeys[partition], Predicates.alwaysTrue()));
            complete = read.values().stream().allMatch(Boolean::booleanValue) && ownedLocally().get(partition);
        } finally {
            gallery.finishRebuild(partition, token, complete);
        }
    }

    /**
     * A fresh cluster (no marks at all) has just been loaded whole by {@code getMap}: every
     * partition is marked. A member joining a running cluster finds the marks there and adds none,
     * so it never marks a partition that lost its palms. (With a loader and an empty map, the
     * palms are loaded again first: an empty map under existing marks is not possible, but a
     * cluster whose every member holding data died is the same as a fresh one.)
     */
    private void markFreshCluster(IMap<String, byte[]> palms) {
        if (!marks.isEmpty()) return;
        if (loader.isPresent() && palms.isEmpty()) palms.loadAll(false);
        marks.putAll(marksOf(java.util.stream.IntStream.range(0, partitionKeys.length)));
    }

    /**
     * One reload at a time for a burst of lost partitions (each found or reported on its own):
     * every search asks again for the rebuild of an unmarked partition, and a reload of a large
     * gallery outlasts many searches. A partition found unmarked after a reload has begun keeps
     * no mark and starts the next one.
     */
    private void scheduleReload() {
        if (!reloadScheduled.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("openpalm-cluster-reload").start(() -> {
            try {
                sleep(config.identifyRetryDelayMillis());
                reloadHereOrAtOldest();
            } finally {
                reloadScheduled.set(false);
            }
        });
    }

    /**
     * One member reloads for the whole cluster: the oldest (the first in the member list, which
     * every member sees in the same order). A reload lists every palm id in the database, so
     * each member that found a lost partition reloading on its own would list them all again.
     * The others ask the oldest; should it die first, the next search that finds a partition
     * unmarked asks again, then of the next oldest.
     */
    private void reloadHereOrAtOldest() {
        if (closed) return;
        Member oldest = instance.getCluster().getMembers().iterator().next();
        if (oldest.localMember()) {
            reloadFromDatabase();
            return;
        }
        try {
            executor.executeOnMember(new OnMember(OnMember.Action.RELOAD), oldest);
        } catch (RuntimeException e) {
            LOG.warn("could not ask the oldest member to reload lost partitions: {}; the next search that finds one unmarked asks again",
                    e.toString());
        }
    }

    /** Marks for {@code partitions}: an entry each, keyed to land in that partition. */
    private Map<String, Boolean> marksOf(java.util.stream.IntStream partitions) {
        Map<String, Boolean> marked = new java.util.HashMap<>();
        partitions.forEach(p -> marked.put((String) partitionKeys[p], Boolean.TRUE));
        return marked;
    }

    /** Marks every index here stale and rebuilds those of the partitions this member owns. */
    void refreshLocal() {
        gallery.invalidateAll();
        BitSet owned = ownedLocally();
        for (int p = owned.nextSetBit(0); p >= 0; p = owned.nextSetBit(p + 1)) requestRebuild(p);
    }

    /**
     * Brings back the palms of partitions that lost both replicas (on the oldest member, see
     * {@link #reloadHereOrAtOldest}): the marks missing now are
     * noted first, the palms missing from the map are loaded from the database, and only then are
     * those partitions marked again (a partition lost after the note keeps no mark and is
     * reloaded next time). Other partitions and their indexes are untouched. Without a database
     * the palms are gone: the partitions are marked so the rest of the gallery stays searchable.
     */
    void reloadFromDatabase() {
        if (closed) return;
        try {
            Set<String> present = marks.keySet();
            int[] unmarked = java.util.stream.IntStream.range(0, partitionKeys.length).filter(p -> !present.contains(partitionKeys[p])).toArray();
            if (unmarked.length == 0) return;
            for (int p : unmarked) partitionsFoundLost.add(p);
            if (loader.isPresent()) {
                reloadsRun.incrementAndGet();
                map.loadAll(false);
                LOG.info("{} partition(s) reloaded from the database; marked whole again", unmarked.length);
            } else {
                LOG.error("{} partition(s) lost their palms and there is no database to reload them from; marked so the rest stays searchable",
                        unmarked.length);
            }
            marks.putAll(marksOf(java.util.Arrays.stream(unmarked)));
        } catch (RuntimeException e) {
            LOG.warn("reloading palms from the database failed: {}; the next search that finds a partition unmarked tries again", e.toString());
        }
    }

    /** Reloads from the database this member ran (for tests: one member reloads for the cluster). */
    int reloadsRun() {
        return reloadsRun.get();
    }

    /** Partitions this member found without their mark (lost with both replicas), by a rebuild or a reload; for tests and logs. */
    Set<Integer> partitionsFoundLost() {
        return Set.copyOf(partitionsFoundLost);
    }

    /** True when every partition's backup is in sync with its owner (Hazelcast's "cluster safe"). */
    boolean backupsInSync() {
        return instance.getPartitionService().isClusterSafe();
    }

    /** The partition of an enrolment. */
    int partitionOf(String enrolment) {
        return instance.getPartitionService().getPartition(enrolment).getPartitionId();
    }

    /** Every member rebuilds its indexes from the map (after entries were written around the entry processors). */
    void refreshEverywhere() {
        executor.executeOnAllMembers(new OnMember(OnMember.Action.REFRESH));
    }

    /** Work sent to a member: rebuild its indexes, or (sent to the oldest) reload the partitions that lost both replicas. */
    static final class OnMember implements Runnable, Serializable, HazelcastInstanceAware {
        enum Action { REFRESH, RELOAD }

        @Serial
        private static final long serialVersionUID = 1L;
        private final Action action;
        private transient HazelcastInstance instance;

        OnMember(Action action) {
            this.action = action;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.instance = instance;
        }

        @Override
        public void run() {
            PalmCluster cluster = (PalmCluster) instance.getUserContext().get(GALLERY + ".cluster");
            if (cluster == null) return;
            switch (action) {
                case REFRESH -> cluster.refreshLocal();
                case RELOAD -> cluster.scheduleReload();
            }
        }
    }

    private final class Migrations implements MigrationListener {
        @Override
        public void migrationStarted(MigrationState state) {}

        @Override
        public void migrationFinished(MigrationState state) {}

        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            if (event.getReplicaIndex() != 0) return;
            Member source = event.getSource();
            Member destination = event.getDestination();
            if (source != null && source.localMember()) gallery.drop(event.getPartitionId());
            if (destination != null && destination.localMember()) {
                gallery.drop(event.getPartitionId());
                requestRebuild(event.getPartitionId());
            }
        }

        @Override
        public void replicaMigrationFailed(ReplicaMigrationEvent event) {}
    }

    /** Why the gallery cannot be searched whole now, if it cannot. */
    private Optional<String> belowMajority() {
        int members = instance.getCluster().getMembers().size();
        boolean protectedSide = instance.getSplitBrainProtectionService().getSplitBrainProtection(PROTECTION).hasMinimumSize();
        if (members >= config.majority() && protectedSide) return Optional.empty();
        return Optional.of(members + " of " + config.members().size() + " cluster members reachable; a majority ("
                + config.majority() + ") is needed to search the whole gallery");
    }

    /**
     * Searches the whole gallery: scatters the probe to every member, merges their best
     * {@code k} candidates, and answers only if every partition was searched exactly once;
     * otherwise retries (partitions migrating, indexes being rebuilt) and at last refuses.
     */
    public ClusterSearch search(PalmTemplate probe, Optional<Hint> hint, int k) {
        String lastProblem = "no attempt made";
        for (int attempt = 1; attempt <= config.identifyAttempts(); attempt++) {
            Optional<String> below = belowMajority();
            if (below.isPresent()) return new ClusterSearch.Refused(below.get());
            Optional<List<PartialResult>> parts = scatter(new SearchTask(Optional.of(probe), hint, k));
            if (parts.isEmpty()) {
                lastProblem = "a member did not answer within " + config.identifyTimeoutMillis() + " ms";
            } else {
                Optional<String> gap = coverageGap(parts.get());
                if (gap.isEmpty()) return new ClusterSearch.Complete(merge(parts.get(), k), attempt);
                lastProblem = gap.get();
            }
            sleep(config.identifyRetryDelayMillis());
        }
        return new ClusterSearch.Refused("the gallery was not searched whole after " + config.identifyAttempts() + " attempts: " + lastProblem);
    }

    /** Waits until every partition is covered by a ready index (after a start, a load or a migration). */
    public boolean awaitComplete(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (belowMajority().isEmpty()) {
                Optional<List<PartialResult>> parts = scatter(new SearchTask(Optional.empty(), Optional.empty(), 1));
                if (parts.isPresent() && coverageGap(parts.get()).isEmpty()) return true;
            }
            sleep(50);
        }
        return false;
    }

    private Optional<List<PartialResult>> scatter(SearchTask task) {
        Map<Member, Future<PartialResult>> futures;
        try {
            futures = executor.submitToAllMembers(task);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.identifyTimeoutMillis());
        List<PartialResult> parts = new ArrayList<>(futures.size());
        boolean failed = false;
        for (Future<PartialResult> f : futures.values()) {
            try {
                parts.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed = true; // a member left or is slow: its partitions are not covered
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return failed ? Optional.empty() : Optional.of(parts);
    }

    private Optional<String> coverageGap(List<PartialResult> parts) {
        int[] times = new int[config.partitionCount()];
        for (PartialResult part : parts) {
            for (int p : part.partitions()) times[p]++;
        }
        int missing = 0;
        int twice = 0;
        for (int t : times) {
            if (t == 0) missing++;
            if (t > 1) twice++;
        }
        if (missing == 0 && twice == 0) return Optional.empty();
        return Optional.of(missing + " partition(s) not searched, " + twice + " searched twice");
    }

    /** The parts' candidates as one index over all palms would rank and decide them. */
    private Identification merge(List<PartialResult> parts, int k) {
        List<Candidate> all = new ArrayList<>();
        long searched = 0;
        for (PartialResult part : parts) {
            searched += part.searchedPalms();
            for (int i = 0; i < part.ids().length; i++) all.add(new Candidate(new EnrolmentId(part.ids()[i]), part.scores()[i]));
        }
        all.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> best = all.subList(0, Math.min(k, all.size()));
        int palms = (int) Math.min(Integer.MAX_VALUE, searched);
        double threshold = ScoreScale.thresholdForIdentification(indexConfig.targetFpir(), palms);
        Decision decision;
        if (best.isEmpty() || best.getFirst().score() < threshold) {
            decision = new Decision.NoMatch();
        } else if (best.size() > 1 && best.get(1).score() >= threshold
                && best.getFirst().score() - best.get(1).score() < indexConfig.undecidedMarginPoints()) {
            decision = new Decision.Undecided(best.getFirst(), best.get(1));
        } else {
            decision = new Decision.Match(best.getFirst());
        }
        return new Identification(best, decision, threshold, palms);
    }

    /** Enrols or replaces on the partition's owner; searchable everywhere when this returns. */
    void put(String enrolment, PalmRecord record) {
        map.executeOnKey(enrolment, new PutPalm(record.toBytes()));
    }

    /** Erases on the partition's owner; not found anywhere when this returns. */
    void erase(String enrolment) {
        map.executeOnKey(enrolment, new PutPalm(null));
    }

    /** One enrolment for {@link #bulkPut}: protected templates under this cluster's key. */
    public record Enrolment(String id, Hint hint, List<org.openpalm.biometrics.ProtectedTemplate> templates) {
        public Enrolment {
            templates = List.copyOf(templates);
        }
    }

    /**
     * Writes many enrolments around the entry processors (a bulk fill: benchmarks, a migration);
     * they are searchable once {@link #refreshAll} has had every member rebuild its indexes.
     */
    public void bulkPut(List<Enrolment> batch) {
        Map<String, byte[]> values = new java.util.HashMap<>(batch.size() * 2);
        for (Enrolment e : batch) values.put(e.id(), new PalmRecord(e.hint(), e.templates()).toBytes());
        map.putAll(values);
    }

    /** Every member rebuilds its indexes from the map; {@link #awaitComplete} tells when they are searchable whole. */
    public void refreshAll() {
        refreshEverywhere();
    }

    /** Enrolments in the whole gallery. */
    public int size() {
        return map.size();
    }

    public TemplateProtectionKey key() {
        return gallery.key();
    }

    public int members() {
        return instance.getCluster().getMembers().size();
    }

    /** This member's share: its indexes and its part of the map (primary and backup entries). */
    public record MemberFootprint(long indexedTemplates, long indexSlabBytes, int readyPartitions, long ownedEntries,
            long ownedEntryBytes, long backupEntries, long backupEntryBytes) {}

    public MemberFootprint footprint() {
        MemberGallery.Footprint f = gallery.footprint();
        var stats = map.getLocalMapStats();
        return new MemberFootprint(f.templates(), f.slabBytes(), f.readyPartitions(), stats.getOwnedEntryCount(),
                stats.getOwnedEntryMemoryCost(), stats.getBackupEntryCount(), stats.getBackupEntryMemoryCost());
    }

    /** Leaves the cluster gracefully: partitions are handed over before this returns. */
    @Override
    public void close() {
        closed = true;
        rebuilders.forEach(Thread::interrupt);
        instance.shutdown();
    }

    /** Dies as a killed process would: no hand-over (tests and fault benchmarks). */
    public void kill() {
        closed = true;
        rebuilders.forEach(Thread::interrupt);
        instance.getLifecycleService().terminate();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PalmCluster[" + config.host() + ":" + config.port() + ", " + members() + " members]";
    }
}
