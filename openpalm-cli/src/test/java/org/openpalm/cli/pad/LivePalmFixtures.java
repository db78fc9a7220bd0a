package org.openpalm.cli.pad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.SyntheticDualBand;
import org.openpalm.biometrics.SyntheticPalms;

/** Small generated bona fide dual-band sets (synthetic palms and their {@link SyntheticDualBand} NIR frames), as two dataset folders. */
final class LivePalmFixtures {
    private LivePalmFixtures() {}

    static void writeDualBand(Path visibleDir, Path nirDir, int subjects, int samples, long seed) throws IOException {
        Files.createDirectories(visibleDir);
        Files.createDirectories(nirDir);
        SyntheticPalms palms = SyntheticPalms.withSeed(seed);
        SyntheticPalms veins = SyntheticPalms.withSeed(seed + 1000);
        List<String> manifest = new ArrayList<>(List.of("file,subject,hand,session,sample"));
        for (int s = 0; s < subjects; s++) {
            for (int k = 0; k < samples; k++) {
                int session = k < samples / 2 ? 1 : 2;
                String file = String.format(Locale.ROOT, "p%02d_%02d.png", s, k);
                PalmImage vis = palms.capture(s, session, k + 1);
                Files.write(visibleDir.resolve(file), vis.toPng());
                Files.write(nirDir.resolve(file), SyntheticDualBand.nearInfrared(vis, veins.capture(s, 1, 1), seed * 31 + s * 101 + k).toPng());
                manifest.add(file + ",subject-" + s + ",unknown," + session + "," + (k + 1));
            }
        }
        byte[] csv = (String.join("\n", manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(visibleDir.resolve("manifest.csv"), csv);
        Files.write(nirDir.resolve("manifest.csv"), csv);
    }
}
