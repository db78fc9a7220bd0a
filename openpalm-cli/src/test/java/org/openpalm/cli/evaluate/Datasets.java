package org.openpalm.cli.evaluate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a palm dataset folder for tests, or skips the test with a message saying why. */
public final class Datasets {
    private Datasets() {}

    public static Path require(String name) {
        String root = System.getProperty("openpalm.datasets", System.getenv("OPENPALM_DATASETS"));
        Path folder = root == null ? Path.of("..", "..", "shared", "datasets", name) : Path.of(root, name);
        boolean present = Files.isRegularFile(folder.resolve(Manifest.FILE_NAME));
        if (!present) {
            // Printed as well as reported: a skipped dataset test must be visible in the build log.
            System.err.println("SKIPPED: dataset " + name + " not found at " + folder.toAbsolutePath()
                    + " (set OPENPALM_DATASETS or -Dopenpalm.datasets to the datasets folder)");
        }
        assumeTrue(present, "dataset " + name + " not found at " + folder.toAbsolutePath()
                + "; set OPENPALM_DATASETS to run this test");
        return folder;
    }
}
