package org.openpalm.biometrics;

import java.util.ArrayList;
import java.util.List;
import org.openpalm.biometrics.engine.pad.CueExtractor;
import org.openpalm.biometrics.engine.pad.Raster;

/**
 * Presentation attack detection: is a live hand in front of the reader, or a print or a screen?
 *
 * <p><b>Dual band</b> (visible + 940 nm frames of the same instant): a display emits no
 * near-infrared, so a screen's NIR frame is dark ({@code nir_darkness}); toner absorbs both bands,
 * so a print shows the same lines in both ({@code band_agreement}) and is as sharp in NIR as in
 * visible light, where live skin scatters NIR under its surface ({@code band_sharpness}).
 *
 * <p><b>Single camera</b>: halftone dots, a display's pixel grid and their moire are periodic
 * ({@code periodic_peak}). Weaker: a print or screen fine enough for the camera to resolve no
 * periodic pattern passes.
 *
 * <p>Immutable and thread-safe.
 */
public final class LivenessDetector {
    private final LivenessConfig config;
    private final CueExtractor extractor;

    public LivenessDetector() {
        this(LivenessConfig.DEFAULT);
    }

    public LivenessDetector(LivenessConfig config) {
        this.config = config;
        this.extractor = new CueExtractor(config.detailSigmaPixels(), config.bandPassInnerSigmaPixels(),
                config.bandPassOuterSigmaPixels(), config.periodicFromNyquist(), config.periodicToNyquist(),
                config.spectrumMaxSidePixels());
    }

    public LivenessConfig config() {
        return config;
    }

    /** The cues of the visible + near-infrared pair. */
    public LivenessCues dualBandCues(PalmImage visible, PalmImage nearInfrared) {
        BandPair pair = BandPair.dualBand(visible, nearInfrared); // checks the sizes
        return cues(CueExtractor.DUAL_BAND, extractor.dualBand(raster(pair.visible()), raster(nearInfrared)));
    }

    /** The cues of the visible frame alone. */
    public LivenessCues singleCameraCues(PalmImage visible) {
        return cues(CueExtractor.SINGLE_CAMERA, extractor.singleCamera(raster(visible)));
    }

    /** Judges the pair with the dual-band model, or the visible frame alone with the single-camera model. */
    public LivenessVerdict judge(BandPair presentation) {
        return presentation.nearInfrared().isPresent()
                ? verdict(config.dualBand(), dualBandCues(presentation.visible(), presentation.nearInfrared().get()), true)
                : verdict(config.singleCamera(), singleCameraCues(presentation.visible()), false);
    }

    private static LivenessVerdict verdict(LivenessModel model, LivenessCues cues, boolean dualBand) {
        double score = model.score(cues);
        return model.isAttack(score)
                ? new LivenessVerdict.PresentationAttack(score, model.thresholdSigmas(), dualBand, model.strongestCue(cues))
                : new LivenessVerdict.Live(score, model.thresholdSigmas(), dualBand);
    }

    private static LivenessCues cues(List<String> names, double[] values) {
        List<LivenessCues.Cue> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) out.add(new LivenessCues.Cue(names.get(i), values[i]));
        return new LivenessCues(out);
    }

    private static Raster raster(PalmImage image) {
        return Raster.ofBytes(image.width(), image.height(), image.pixels());
    }
}
