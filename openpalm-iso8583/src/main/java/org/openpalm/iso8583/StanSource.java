package org.openpalm.iso8583;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a link's STANs (field 11) come from. The network tells transactions apart by terminal,
 * STAN and transmission second, so two links sending for one terminal id must never draw the same
 * STAN in the same second: servers sharing a terminal id take STANs from one shared source (blocks
 * reserved in their database), a single link from its own counter.
 */
@FunctionalInterface
public interface StanSource {
    /** A STAN not handed out recently (1..999999, cycling). */
    Stan next();

    /** A counter of this link alone, starting where the clock points (so a restart does not begin at the same STAN). */
    static StanSource counter(Clock clock) {
        AtomicInteger counter = new AtomicInteger((int) (clock.millis() % 999_999));
        return () -> new Stan(Math.floorMod(counter.getAndIncrement(), 999_999) + 1);
    }
}
