package org.openpalm.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder of captures to try at the reader page: per demo customer another capture of the
 * enrolled palm ({@code alice-left-pays.png}), a palm nobody enrolled ({@code stranger-declined.png}) and
 * a capture too blurred to read ({@code blurred-retry.png}), with a README.txt saying what each
 * should do.
 */
public final class SampleCaptures {
    public static final String STRANGER = "stranger-declined.png";
    public static final String BLURRED = "blurred-retry.png";

    private SampleCaptures() {}

    /** The file of {@code customer}'s paying capture. */
    public static String paying(String customer) {
        return customer + "-left-pays.png";
    }

    static void write(Path folder, DemoPalms palms, int blurRadiusPixels, List<String> spareCards, YearMonth expiry) throws IOException {
        Files.createDirectories(folder);
        List<String> readme = new ArrayList<>(List.of(
                "OpenPalm demo: sample captures to try at the reader page",
                "",
                "Start a payment at the till (dashboard, or POST /v1/payments), then upload one of these",
                "at the reader page (Choose file). Palms from: " + palms.source(),
                ""));
        for (DemoPalms.CustomerPalm c : palms.customers()) {
            Files.write(folder.resolve(paying(c.name())), c.payCapture().toPng());
            readme.add(String.format("  %-22s %s's left palm, captured on another day than at the kiosk: approved, paid by %s's card",
                    paying(c.name()), c.name(), c.name()));
        }
        Files.write(folder.resolve(STRANGER), palms.stranger().toPng());
        readme.add(String.format("  %-22s a palm nobody enrolled: not recognised, nothing is charged", STRANGER));
        Files.write(folder.resolve(BLURRED), DemoPalms.blurred(palms.customers().getFirst().payCapture(), blurRadiusPixels).toPng());
        readme.add(String.format("  %-22s %s's palm, but the hand moved: not recognised, the reader asks to try again",
                BLURRED, palms.customers().getFirst().name()));
        readme.add("");
        readme.add("Each capture pays once: the same file sent again (for another payment) is refused as a replayed");
        readme.add("capture (409 replayed_capture), as a recorded frame would be, and after 5 presentations a payment");
        readme.add("takes no more (429 too_many_attempts).");
        readme.add("");
        readme.add("To enrol someone new at the kiosk page, use 3 different pictures of each palm that nobody enrolled or");
        readme.add("presented before; the kiosk sends a one-time code to the phone (it appears in the server log: \"enrolment");
        readme.add("code for the phone ending ...\"). Use one of these test cards of the simulated demo bank, expiry " + expiry + " ("
                + String.format("%02d/%02d", expiry.getMonthValue(), expiry.getYear() % 100) + "), with its CVV2 (the last three digits):");
        for (String card : spareCards) readme.add("  " + card + "  CVV2 " + card.substring(card.length() - 3));
        Files.writeString(folder.resolve("README.txt"), String.join("\n", readme) + "\n");
    }
}
