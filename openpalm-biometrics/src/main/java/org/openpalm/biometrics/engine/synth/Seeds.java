package org.openpalm.biometrics.engine.synth;

/**
 * Seed derivation: every identity, session and sample gets its own seed from its parent seed and
 * its index alone, so any image can be made in any order, on any thread, with the same bytes.
 */
public final class Seeds {
    private Seeds() {}

    /** A child seed: SplitMix64's finaliser over the parent and a salted index. */
    public static long child(long parent, long salt, long index) {
        return mix(parent ^ mix(salt * 0x9E3779B97F4A7C15L + index));
    }

    /** SplitMix64 finaliser (Steele et al. 2014): a bijection that spreads every input bit. */
    public static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
