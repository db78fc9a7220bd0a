package org.openpalm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void showsCountPercentageAndEta() {
        String line = ProgressBar.render("templates", 50, 200, 10_000_000_000L);

        assertThat(line).contains(" 50/200 ").contains(" 25% ").contains("ETA 0:30");
    }

    @Test
    void showsTheTotalTimeWhenDone() {
        assertThat(ProgressBar.render("pairs", 7, 7, 65_000_000_000L)).contains("100%").contains("done in 1:05");
    }

    @Property
    void theBarKeepsItsWidthAndNeverOverstates(
            @ForAll @IntRange(min = 1, max = 100_000) int total, @ForAll @IntRange(min = 0, max = 100_000) int done) {
        int d = Math.min(done, total);
        String line = ProgressBar.render("x", d, total, 1_000_000L);
        String bar = line.substring(line.indexOf('[') + 1, line.indexOf(']'));

        assertThat(bar).hasSize(30);
        assertThat(bar.chars().filter(c -> c == '#').count()).isLessThanOrEqualTo(30L * d / total);
        assertThat(line).contains(String.format("%3d%%", (int) (100L * d / total)));
    }
}
