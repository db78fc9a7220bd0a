package org.openpalm.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * A one-line text progress bar redrawn in place with {@code \r}: label, bar, count, percentage and
 * estimated time left. Thread-safe; redraws at most every {@code redrawMillis} so that thousands
 * of small steps do not flood the terminal.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int BAR_CHARS = 30;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final long redrawNanos;
    private final long startNanos;
    private long done;
    private long lastDrawNanos;
    private boolean closed;

    public ProgressBar(PrintWriter out, String label, long total, long redrawMillis) {
        this.out = out;
        this.label = label;
        this.total = Math.max(0, total);
        this.redrawNanos = TimeUnit.MILLISECONDS.toNanos(redrawMillis);
        this.startNanos = System.nanoTime();
        this.lastDrawNanos = startNanos;
        draw(startNanos);
    }

    public synchronized void advance(long steps) {
        done = Math.min(total, done + steps);
        long now = System.nanoTime();
        if (now - lastDrawNanos >= redrawNanos) draw(now);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        draw(System.nanoTime());
        out.println();
        out.flush();
    }

    private void draw(long now) {
        lastDrawNanos = now;
        out.print("\r" + render(label, done, total, now - startNanos));
        out.flush();
    }

    /**
     * The line for {@code done} of {@code total} after {@code elapsedNanos}: ETA while running,
     * the total time once done.
     */
    static String render(String label, long done, long total, long elapsedNanos) {
        // Integer arithmetic: 0.29 * 100 in doubles is 28.999..., which would show 28%.
        int filled = total == 0 ? BAR_CHARS : (int) (BAR_CHARS * done / total);
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        String time;
        if (done >= total) {
            time = "done in " + clock(elapsedNanos);
        } else if (done == 0) {
            time = "ETA --:--";
        } else {
            time = "ETA " + clock((long) (elapsedNanos * (double) (total - done) / done));
        }
        int width = String.valueOf(total).length();
        return String.format("%-9s [%s%s] %" + width + "d/%d %3d%% %s ", label, "#".repeat(filled),
                "-".repeat(BAR_CHARS - filled), done, total, percent, time);
    }

    private static String clock(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
