package org.openpalm.biometrics;

import org.openpalm.biometrics.engine.CodeMap;
import org.openpalm.biometrics.engine.EngineConfig;
import org.openpalm.biometrics.engine.FeatureExtractor;
import org.openpalm.biometrics.engine.PackedCode;
import org.openpalm.biometrics.engine.TemplateCodec;

/**
 * The features of one palm, made from a palm region-of-interest (ROI) image: a 32 x 32 map of
 * palm-line orientations (competitive code) with a mask of unreliable cells. Immutable and
 * thread-safe. Serialized form: {@link #toBytes()}, 524 bytes, versioned and checksummed.
 *
 * <p>A template is biometric data: {@link #toString()} never shows its content.
 */
public final class PalmTemplate {
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(EngineConfig.DEFAULT);

    private final CodeMap code;
    private final long[] packed;

    private PalmTemplate(CodeMap code) {
        this.code = code;
        this.packed = PackedCode.pack(code);
    }

    /**
     * Extracts a template from a palm ROI: a square palm region, fingers up, any size (it is
     * resampled to 128 x 128).
     */
    public static PalmTemplate fromRoi(PalmImage roi) {
        byte[] pixels = roi.pixels();
        return new PalmTemplate(EXTRACTOR.extract(pixels, roi.width(), roi.height()));
    }

    /** Parses {@link #toBytes()} output; refuses truncated, corrupt or foreign bytes. */
    public static PalmTemplate fromBytes(byte[] bytes) throws TemplateFormatException {
        return new PalmTemplate(TemplateCodec.read(bytes));
    }

    /** The versioned binary form (524 bytes). */
    public byte[] toBytes() {
        return TemplateCodec.write(code);
    }

    /** For the index and the synthetic generator: wraps a code map made inside this module. */
    static PalmTemplate of(CodeMap code) {
        return new PalmTemplate(code);
    }

    CodeMap code() {
        return code;
    }

    long[] packed() {
        return packed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PalmTemplate other && other.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return "PalmTemplate[masked]";
    }
}
