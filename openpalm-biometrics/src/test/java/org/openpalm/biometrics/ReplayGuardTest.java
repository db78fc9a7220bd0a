package org.openpalm.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayGuardTest {
    private static final SyntheticPalms PALMS = SyntheticPalms.withSeed(11);

    private static ReplayReason replayReason(ReplayVerdict verdict) {
        return switch (verdict) {
            case ReplayVerdict.Fresh f -> throw new AssertionError("expected a replay, got " + f);
            case ReplayVerdict.Replay r -> r.reason();
        };
    }

    private static PalmTemplate roiTemplate(byte[] png) {
        try {
            return PalmTemplate.fromRoi(PalmImage.decode(png));
        } catch (PalmImageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sameBytesTwiceIsAReplayOfTheFirst() {
        ReplayGuard guard = new ReplayGuard();
        byte[] capture = PALMS.capture(0, 1, 1).toPng();
        assertThat(guard.check(capture, roiTemplate(capture))).isEqualTo(new ReplayVerdict.Fresh(0));
        ReplayVerdict again = guard.check(capture.clone(), roiTemplate(capture));
        assertThat(again).isEqualTo(new ReplayVerdict.Replay(1, ReplayReason.IDENTICAL_BYTES, 0, 100));
    }

    @Test
    void ofCopiesArrivingAtOnceOnlyOnePasses() throws Exception {
        ReplayGuard guard = new ReplayGuard();
        for (int round = 0; round < 20; round++) {
            byte[] capture = PALMS.capture(round, 1, 1).toPng();
            PalmTemplate template = roiTemplate(capture);
            byte[] reEncoded = PalmImage.decode(capture).toPng(); // other bytes, the same picture
            List<java.util.concurrent.Callable<ReplayVerdict>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] bytes = i % 2 == 0 ? capture.clone() : reEncoded.clone();
                copies.add(() -> guard.check(bytes, template));
            }
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                long fresh = 0;
                for (var f : pool.invokeAll(copies)) if (f.get() instanceof ReplayVerdict.Fresh) fresh++;
                assertThat(fresh).as("round " + round).isEqualTo(1);
            }
        }
        // a peek remembers nothing
        byte[] other = PALMS.capture(99, 1, 1).toPng();
        assertThat(guard.peek(other, roiTemplate(other))).isInstanceOf(ReplayVerdict.Fresh.class);
        assertThat(guard.check(other, roiTemplate(other))).isInstanceOf(ReplayVerdict.Fresh.class);
        assertThat(guard.peek(other, roiTemplate(other))).isInstanceOf(ReplayVerdict.Replay.class);
    }

    @Test
    void liveCapturesOfOnePalmAndOtherPalmsAreFresh() {
        ReplayGuard guard = new ReplayGuard();
        for (int identity = 0; identity < 3; identity++) {
            SyntheticPalms.Palm palm = PALMS.palm(identity);
            for (int sample = 1; sample <= 3; sample++) {
                byte[] capture = palm.capture(1, sample).toPng();
                assertThat(guard.check(capture, roiTemplate(capture))).isInstanceOf(ReplayVerdict.Fresh.class);
            }
        }
    }

    @Test
    void reEncodedFrameIsCaughtByItsTemplate() {
        ReplayGuard guard = new ReplayGuard();
        PalmImage frame = PALMS.capture(1, 1, 1);
        byte[] original = jpeg(frame);
        byte[] reEncoded = decode(original).toPng();
        assertThat(reEncoded).isNotEqualTo(original);
        guard.check(original, roiTemplate(original));
        ReplayVerdict verdict = guard.check(reEncoded, roiTemplate(reEncoded));
        assertThat(replayReason(verdict)).isEqualTo(ReplayReason.NEAR_IDENTICAL_TEMPLATE);
        assertThat(((ReplayVerdict.Replay) verdict).earlierCaptureId()).isZero();
    }

    @Test
    void forgetsCapturesBeyondItsWindow() {
        ReplayGuard guard = new ReplayGuard(ReplayConfig.DEFAULT.withWindowCaptures(2));
        byte[] first = PALMS.capture(0, 1, 1).toPng();
        guard.check(first, roiTemplate(first));
        for (int identity = 1; identity <= 2; identity++) {
            byte[] other = PALMS.capture(identity, 1, 1).toPng();
            guard.check(other, roiTemplate(other));
        }
        assertThat(guard.check(first, roiTemplate(first))).isInstanceOf(ReplayVerdict.Fresh.class);
        assertThat(replayReason(guard.check(first, roiTemplate(first)))).isEqualTo(ReplayReason.IDENTICAL_BYTES);
    }

    @Test
    void casiaDuplicatedFrameIsFlaggedAsIdenticalBytes() {
        Path dir = Datasets.require("casia-ms-940");
        ReplayGuard guard = new ReplayGuard();
        ReplayVerdict second = guard.check(read(dir, "001_l_940_02.jpg"), handTemplate(read(dir, "001_l_940_02.jpg")).orElseThrow());
        ReplayVerdict third = guard.check(read(dir, "001_l_940_03.jpg"), handTemplate(read(dir, "001_l_940_03.jpg")).orElseThrow());
        assertThat(second).isInstanceOf(ReplayVerdict.Fresh.class);
        assertThat(third).isEqualTo(new ReplayVerdict.Replay(1, ReplayReason.IDENTICAL_BYTES, 0, 100));
    }

    @Test
    void casiaFrameReEncodedAsPngIsFlaggedByItsTemplate() throws PalmImageException {
        Path dir = Datasets.require("casia-ms-940");
        ReplayGuard guard = new ReplayGuard();
        byte[] original = read(dir, "001_l_940_01.jpg");
        byte[] reEncoded = PalmImage.decode(original).toPng();
        guard.check(original, handTemplate(original).orElseThrow());
        ReplayVerdict verdict = guard.check(reEncoded, handTemplate(reEncoded).orElseThrow());
        assertThat(replayReason(verdict)).isEqualTo(ReplayReason.NEAR_IDENTICAL_TEMPLATE);
    }

    /**
     * Every capture of a dataset, in manifest order, through one guard that remembers them all:
     * the only replays are the captures whose bytes repeat an earlier one (casia-ms-940 has one,
     * coep several); no two different captures of a palm come close enough to be taken for one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"casia-ms-940", "coep", "tongji-roi", "polyu-ms-green-roi", "polyu-ms-nir-roi"})
    void onlyRepeatedBytesAreReplaysInTheDatasets(String name) {
        Path dir = Datasets.require(name);
        boolean roi = name.endsWith("-roi");
        List<String> files = files(dir);
        List<byte[]> bytes = files.stream().map(f -> read(dir, f)).toList();
        List<Optional<PalmTemplate>> templates = IntStream.range(0, files.size()).parallel()
                .mapToObj(i -> roi ? Optional.of(roiTemplate(bytes.get(i))) : handTemplate(bytes.get(i)))
                .toList();
        ReplayGuard guard = new ReplayGuard(ReplayConfig.DEFAULT.withWindowCaptures(files.size()));
        Map<String, String> firstWithBytes = new HashMap<>();
        List<String> expected = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String key = Arrays.toString(bytes.get(i));
            String earlier = firstWithBytes.putIfAbsent(key, files.get(i));
            if (templates.get(i).isEmpty()) continue; // a failure to acquire is never checked
            if (earlier != null) expected.add(files.get(i));
            switch (guard.check(bytes.get(i), templates.get(i).get())) {
                case ReplayVerdict.Fresh f -> { }
                case ReplayVerdict.Replay r -> flagged.add(files.get(i));
            }
        }
        assertThat(flagged).as("replays in %s", name).isEqualTo(expected);
        if (name.equals("casia-ms-940")) assertThat(flagged).containsExactly("001_l_940_03.jpg");
    }

    /**
     * The guard's small alignment search (ReplayConfig.searchShiftCells, no rotation) against the
     * identification search (PalmMatcher: 3 cells, 7 rotations) on re-encoded copies of real
     * captures, lossless (PNG) and as a reader's JPEG at quality 0.95: wherever the full search
     * scores a copy at the replay threshold or above, the guard flags it, and it flags nothing the
     * full search would not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"casia-ms-940", "coep", "tongji-roi", "polyu-ms-nir-roi"})
    void theReplaySearchFlagsWhatTheFullSearchWould(String name) {
        Path dir = Datasets.require(name);
        boolean roi = name.endsWith("-roi");
        List<String> files = files(dir).stream().limit(40).toList();
        int[] agreed = new int[2]; // [flagged by both, passed by both]
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            byte[] original = read(dir, files.get(i));
            PalmImage image = decode(original);
            for (byte[] copy : List.of(image.toPng(), jpeg(image, 0.95f))) {
                Optional<PalmTemplate> a = roi ? Optional.of(roiTemplate(original)) : handTemplate(original);
                Optional<PalmTemplate> b = roi ? Optional.of(roiTemplate(copy)) : handTemplate(copy);
                if (a.isEmpty() || b.isEmpty()) continue;
                double full = new PalmMatcher(a.get()).match(b.get());
                ReplayGuard guard = new ReplayGuard();
                guard.check(original, a.get());
                boolean flagged = guard.check(copy, b.get()) instanceof ReplayVerdict.Replay;
                assertThat(flagged).as("%s %s: full-search score %.2f", name, files.get(i), full)
                        .isEqualTo(full >= ReplayConfig.DEFAULT.minReplayScorePoints());
                synchronized (agreed) {
                    agreed[flagged ? 0 : 1]++;
                }
            }
        });
        // The lossless copies at least are replays by either search.
        assertThat(agreed[0]).isGreaterThanOrEqualTo(files.size() / 2);
    }

    private static Optional<PalmTemplate> handTemplate(byte[] encoded) {
        try {
            return switch (PalmCapture.acquire(PalmImage.decode(encoded))) {
                case Acquisition.Acquired a -> Optional.of(a.template());
                case Acquisition.Rejected r -> Optional.empty();
            };
        } catch (PalmImageException e) {
            throw new AssertionError(e);
        }
    }

    /** The frame as a reader might send it: JPEG, ImageIO's default quality. */
    private static byte[] jpeg(PalmImage image) {
        return jpeg(image, -1f);
    }

    /** JPEG at {@code quality} (0..1), or ImageIO's default quality when negative. */
    private static byte[] jpeg(PalmImage image, float quality) {
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(
                image.width(), image.height(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        b.getRaster().setDataElements(0, 0, image.width(), image.height(), image.pixels());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            if (quality < 0) {
                javax.imageio.ImageIO.write(b, "jpeg", out);
            } else {
                javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
                javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                try (javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new javax.imageio.IIOImage(b, null, null), param);
                } finally {
                    writer.dispose();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static PalmImage decode(byte[] encoded) {
        try {
            return PalmImage.decode(encoded);
        } catch (PalmImageException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> files(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("manifest.csv")).stream().skip(1)
                    .filter(l -> !l.isBlank()).map(l -> l.split(",")[0]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path dir, String file) {
        try {
            return Files.readAllBytes(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
