package org.openpalm.cluster;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.openpalm.biometrics.IndexConfig;
import org.openpalm.biometrics.PalmIndex;
import org.openpalm.biometrics.PalmTemplate;
import org.openpalm.biometrics.TemplateProtectionKey;
import org.openpalm.biometrics.TemplateFormatException;

/**
 * Probes prepared for search in this JVM, shared by the members that run in it. Several members
 * in one process (the local cluster of {@code openpalm cluster}, the benchmark, tests) are each
 * sent the same probe; preparing it (its shifted and rotated copies, protected with the gallery's
 * key) is done by the first to ask and waited for by the others, instead of once per member.
 * With one member per JVM each probe is prepared once there, as before.
 *
 * <p>Keyed by the probe's bytes, key id and index configuration: a prepared probe depends on
 * nothing else, so a hit is correct by construction. The last {@link #KEPT} are kept (a prepared
 * probe holds up to ~200 KB of aligned copies); a search asks for its probe within milliseconds
 * of its scatter, so older entries are never asked for.
 */
final class SharedPreparations {
    /** Preparations kept: several concurrent searches, each asked for by every local member. */
    static final int KEPT = 32;

    private record Key(ByteBuffer probe, Optional<String> keyId, IndexConfig config) {}

    private static final ConcurrentHashMap<Key, FutureTask<PalmIndex.PreparedProbe>> RECENT = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<Key> ORDER = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger SIZE = new AtomicInteger();

    private SharedPreparations() {}

    /** {@code probe} (template bytes) prepared for indexes like {@code prototype}: by this call or by another member's. */
    static PalmIndex.PreparedProbe prepare(PalmIndex prototype, byte[] probe) throws TemplateFormatException {
        Key key = new Key(ByteBuffer.wrap(probe.clone()), prototype.protection().map(TemplateProtectionKey::id), prototype.config());
        FutureTask<PalmIndex.PreparedProbe> existing = RECENT.get(key);
        if (existing == null) {
            PalmTemplate template = PalmTemplate.fromBytes(probe); // refused here, before anything is shared
            FutureTask<PalmIndex.PreparedProbe> mine = new FutureTask<>(() -> prototype.prepare(template));
            existing = RECENT.putIfAbsent(key, mine);
            if (existing == null) {
                existing = mine;
                ORDER.add(key);
                if (SIZE.incrementAndGet() > KEPT) {
                    Key eldest = ORDER.poll();
                    if (eldest != null) {
                        RECENT.remove(eldest);
                        SIZE.decrementAndGet();
                    }
                }
                mine.run();
            }
        }
        try {
            return existing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("preparing a probe failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another member prepared the probe", e);
        }
    }
}
