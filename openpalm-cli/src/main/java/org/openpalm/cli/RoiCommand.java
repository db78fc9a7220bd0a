package org.openpalm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openpalm.biometrics.Acquisition;
import org.openpalm.biometrics.HandKeypoints;
import org.openpalm.biometrics.PalmCapture;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code openpalm roi IMAGE [--debug OUT.png] [--out ROI.png]}: full-hand image to palm ROI. */
@Command(
        name = "roi",
        mixinStandardHelpOptions = true,
        description = {
            "Finds the hand, its finger valleys and the palm square in a full-hand image.",
            "Prints the keypoints and ROI, or why the capture was rejected (exit code 1)."
        })
public final class RoiCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "full-hand capture (PNG, JPEG or BMP)")
    Path image;

    @Option(names = "--debug", paramLabel = "OUT.png",
            description = "write a colour PNG with the contour, keypoints and ROI square drawn on the image")
    Path debug;

    @Option(names = "--out", paramLabel = "ROI.png", description = "write the normalised palm ROI as a grey PNG")
    Path out;

    @Override
    public Integer call() throws IOException {
        PalmImage capture;
        try {
            capture = PalmImage.decode(Files.readAllBytes(image));
        } catch (PalmImageException e) {
            System.err.println("openpalm roi: " + image + ": " + e.getMessage());
            return 2;
        }
        Acquisition acquisition = PalmCapture.acquire(capture);
        if (debug != null) {
            Files.write(debug, PalmCapture.debugOverlay(capture));
        }
        return switch (acquisition) {
            case Acquisition.Acquired a -> {
                HandKeypoints k = a.keypoints();
                System.out.println("acquired");
                System.out.println("  hand                " + k.handSide().name().toLowerCase(Locale.ROOT));
                System.out.println("  index-middle valley " + k.indexMiddleValley());
                System.out.println("  ring-little valley  " + k.ringLittleValley());
                System.out.println("  palm centre         " + k.palmCentre()
                        + String.format(Locale.ROOT, ", radius %.1f px", k.palmRadiusPixels()));
                System.out.println("  roi corners         " + k.roiCorners());
                System.out.println(String.format(Locale.ROOT, "  roi                 %.1f px square, rotated %.1f deg",
                        k.roiSidePixels(), k.rotationDegrees()));
                System.out.println(String.format(Locale.ROOT,
                        "  quality             hand grey %.0f, saturated %.3f, sharpness %.4f",
                        a.quality().handMeanGrey(), a.quality().saturatedFraction(), a.quality().sharpness()));
                if (out != null) {
                    Files.write(out, a.roi().toPng());
                }
                yield 0;
            }
            case Acquisition.Rejected r -> {
                System.out.println("rejected: " + r.reason() + " - " + r.reason().message());
                System.out.println("  " + r.detail());
                yield 1;
            }
        };
    }
}
