package org.openpalm.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.biometrics.PalmImageException;
import org.openpalm.biometrics.SyntheticPalms;

/**
 * Where the demo's palms come from: the real Tongji ROIs when the datasets are present, synthetic
 * palms otherwise. Each demo customer has the captures a kiosk enrols and another capture of the
 * same palm (another session, as on another day) that pays at the reader; a stranger's palm is
 * never enrolled.
 */
public record DemoPalms(String source, List<CustomerPalm> customers, PalmImage stranger) {
    /** The named demo customers, in the order their palms are assigned. */
    public static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi");

    /** Captures of each customer's palm for the staff desk (joining the programme, the entry consent, the age attestation). */
    static final int STAFF_CAPTURES = 3;

    /**
     * One customer's palm: the kiosk captures, the reader capture, and {@code staffCaptures}: other
     * pictures of the palm for the staff desk, since every use refuses a picture it has seen before.
     */
    public record CustomerPalm(String name, List<PalmImage> enrolCaptures, PalmImage payCapture, List<PalmImage> staffCaptures) {
        public CustomerPalm {
            enrolCaptures = List.copyOf(enrolCaptures);
            staffCaptures = List.copyOf(staffCaptures);
            if (enrolCaptures.isEmpty()) throw new IllegalArgumentException("a customer needs at least one enrolment capture");
            if (staffCaptures.size() < STAFF_CAPTURES) throw new IllegalArgumentException("a customer needs " + STAFF_CAPTURES + " staff desk captures");
        }
    }

    public DemoPalms {
        customers = List.copyOf(customers);
    }

    /**
     * The dataset folder the demo uses when present: {@code tongji-roi} under {@code datasets} when
     * given, else under {@code $OPENPALM_DATASETS}, else under {@code ../shared/datasets}.
     */
    public static Optional<Path> findDataset(Optional<Path> datasets) {
        String env = System.getenv("OPENPALM_DATASETS");
        Path root = datasets.orElseGet(() -> env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "datasets"));
        Path tongji = root.resolve("tongji-roi");
        return Files.isRegularFile(tongji.resolve("manifest.csv")) ? Optional.of(tongji) : Optional.empty();
    }

    /** {@code count} synthetic customers from generator {@code seed}; the stranger comes from another generator. */
    public static DemoPalms synthetic(int count, int enrolCaptures, long seed) {
        SyntheticPalms palms = SyntheticPalms.withSeed(seed);
        List<CustomerPalm> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticPalms.Palm palm = palms.palm(i);
            List<PalmImage> enrol = new ArrayList<>();
            for (int k = 1; k <= enrolCaptures; k++) enrol.add(palm.capture(1, k));
            List<PalmImage> staff = new ArrayList<>();
            for (int k = 1; k <= STAFF_CAPTURES; k++) staff.add(palm.capture(3, k));
            customers.add(new CustomerPalm(NAMES.get(i), enrol, palm.capture(2, 1), staff));
        }
        return new DemoPalms("synthetic palms (seed " + seed + ")", customers, SyntheticPalms.withSeed(seed + 1).capture(0, 2, 1));
    }

    /**
     * The first {@code count} subjects of a dataset folder (manifest {@code file,subject,hand,session,sample}):
     * session-1 captures enrol, the first session-2 capture pays; the last subject is the stranger.
     */
    public static DemoPalms fromDataset(Path folder, int count, int enrolCaptures) throws IOException, PalmImageException {
        Map<String, List<String[]>> bySubject = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(folder.resolve("manifest.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            bySubject.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
        }
        List<String> subjects = List.copyOf(bySubject.keySet());
        if (subjects.size() < count + 1) {
            throw new IOException(folder + " has " + subjects.size() + " subjects; the demo needs " + (count + 1));
        }
        List<CustomerPalm> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String[]> rows = bySubject.get(subjects.get(i));
            List<PalmImage> enrol = new ArrayList<>();
            for (String[] row : rows) {
                if (row[3].equals("1") && enrol.size() < enrolCaptures) enrol.add(read(folder, row[0]));
            }
            String[] pay = rows.stream().filter(r -> !r[3].equals("1")).findFirst().orElse(rows.getLast());
            // the staff desk's pictures: the subject's captures the kiosk and the reader do not use, later sessions first
            List<String[]> unused = new ArrayList<>(rows.stream().filter(r -> r != pay && !r[3].equals("1")).toList());
            rows.stream().filter(r -> r[3].equals("1")).skip(enrol.size()).forEach(unused::add);
            if (unused.size() < STAFF_CAPTURES) {
                throw new IOException(folder + ": subject " + subjects.get(i) + " has too few captures for the demo (" + rows.size() + ")");
            }
            List<PalmImage> staff = new ArrayList<>();
            for (String[] row : unused.subList(0, STAFF_CAPTURES)) staff.add(read(folder, row[0]));
            customers.add(new CustomerPalm(NAMES.get(i), enrol, read(folder, pay[0]), staff));
        }
        String[] strangerRow = bySubject.get(subjects.getLast()).getFirst();
        // absolute: a later run from another working directory finds the same palms
        return new DemoPalms(folder.toAbsolutePath().normalize().toString(), customers, read(folder, strangerRow[0]));
    }

    private static PalmImage read(Path folder, String file) throws IOException, PalmImageException {
        return PalmImage.decode(Files.readAllBytes(folder.resolve(file)));
    }

    /** A capture too blurred to identify anyone: what a reader sends when the hand moved. */
    public static PalmImage blurred(PalmImage capture, int radiusPixels) {
        int w = capture.width();
        int h = capture.height();
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = -radiusPixels; dy <= radiusPixels; dy++) {
                    int yy = Math.clamp(y + dy, 0, h - 1);
                    for (int dx = -radiusPixels; dx <= radiusPixels; dx++) {
                        sum += capture.grey(Math.clamp(x + dx, 0, w - 1), yy);
                        n++;
                    }
                }
                pixels[y * w + x] = (byte) (sum / n);
            }
        }
        return PalmImage.ofGrey(w, h, pixels);
    }
}
