package org.openpalm.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A webcam for chromium made from still photos: a YUV4MPEG2 (y4m) video that chromium plays as
 * its camera with {@code --use-fake-device-for-media-stream --use-file-for-fake-video-capture=FILE}
 * (from its first frame at each camera start, looping at its end). The video is a list of scenes: a
 * photo held for a while, as a hand in front of the camera, or black, as the hand taken away (which
 * also resets MediaPipe's hand tracking before the next photo). Every frame of a hand gets its own
 * sensor noise: two frames of one photo are never the same bytes, as with a real camera (the server
 * flags a capture sent twice as a replay).
 */
final class FakeCamera {
    /** What the camera sees for a while: a hand (a photo) or nothing (black). */
    sealed interface Scene {
        double seconds();

        /** {@code photo} (PNG, JPEG or BMP) held still in front of the camera. */
        record Hand(Path photo, double seconds) implements Scene {}

        /** No hand: the shopper took it away. */
        record NoHand(double seconds) implements Scene {}
    }

    private FakeCamera() {}

    /** Each photo held {@code showSeconds}, each followed by {@code gapSeconds} without a hand. */
    static List<Scene> held(List<Path> photos, double showSeconds, double gapSeconds) {
        List<Scene> scenes = new java.util.ArrayList<>();
        for (Path photo : photos) {
            scenes.add(new Scene.Hand(photo, showSeconds));
            if (gapSeconds > 0) scenes.add(new Scene.NoHand(gapSeconds));
        }
        return scenes;
    }

    /** The chromium arguments that make {@code video} the camera, allowed without asking. */
    static List<String> chromiumArguments(Path video) {
        return List.of("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video.toAbsolutePath());
    }

    /**
     * Writes the video of {@code scenes} to {@code video} (a name ending in {@code .y4m}) at
     * {@code framesPerSecond} (chromium takes an integer rate), in the size of the first photo (the
     * others are scaled to it); each frame of a hand gets its own luma noise, uniform in
     * +-{@code noiseGreyLevels}.
     */
    static Path write(Path video, List<Scene> scenes, int framesPerSecond, int noiseGreyLevels, long noiseSeed) {
        if (!video.getFileName().toString().endsWith(".y4m")) throw new IllegalArgumentException("chromium reads y4m by its name: " + video);
        if (framesPerSecond < 1 || noiseGreyLevels < 0) throw new IllegalArgumentException("frame rate and noise must be positive");
        Path first = scenes.stream().flatMap(scene -> scene instanceof Scene.Hand h ? java.util.stream.Stream.of(h.photo()) : java.util.stream.Stream.empty())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no photo among the scenes"));
        try {
            BufferedImage size = read(first);
            int width = size.getWidth() & ~1; // 4:2:0 needs even sides
            int height = size.getHeight() & ~1;
            Random noise = new Random(noiseSeed);
            byte[] black = i420(blank(width, height), width, height, noise, 0);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(video), 1 << 20)) {
                // C420jpeg: full-range BT.601, what the conversion below writes
                out.write(("YUV4MPEG2 W" + width + " H" + height + " F" + framesPerSecond + ":1 Ip A1:1 C420jpeg\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (Scene scene : scenes) {
                    int frames = Math.max(1, (int) Math.round(scene.seconds() * framesPerSecond));
                    switch (scene) {
                        case Scene.Hand hand -> {
                            BufferedImage frame = fit(read(hand.photo()), width, height);
                            for (int i = 0; i < frames; i++) writeFrame(out, i420(frame, width, height, noise, noiseGreyLevels));
                        }
                        case Scene.NoHand none -> {
                            for (int i = 0; i < frames; i++) writeFrame(out, black);
                        }
                    }
                }
            }
            return video;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFrame(OutputStream out, byte[] planes) throws IOException {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(planes);
    }

    private static BufferedImage read(Path image) throws IOException {
        BufferedImage read = ImageIO.read(image.toFile());
        if (read == null) throw new IOException("not an image: " + image);
        return read;
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static BufferedImage fit(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** Y, then Cb and Cr averaged over each 2x2 block (JPEG's full-range BT.601), with luma noise. */
    private static byte[] i420(BufferedImage image, int width, int height, Random noise, int noiseGreyLevels) {
        byte[] planes = new byte[width * height * 3 / 2];
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            int r = (rgb[i] >> 16) & 0xff;
            int g = (rgb[i] >> 8) & 0xff;
            int b = rgb[i] & 0xff;
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            if (noiseGreyLevels > 0) y += noise.nextInt(2 * noiseGreyLevels + 1) - noiseGreyLevels;
            planes[i] = clamp(y);
        }
        int chroma = width * height;
        int half = width / 2;
        for (int cy = 0; cy < height / 2; cy++) {
            for (int cx = 0; cx < half; cx++) {
                double cb = 0;
                double cr = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int p = rgb[(2 * cy + dy) * width + 2 * cx + dx];
                        int r = (p >> 16) & 0xff;
                        int g = (p >> 8) & 0xff;
                        int b = p & 0xff;
                        cb += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
                        cr += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
                    }
                }
                planes[chroma + cy * half + cx] = clamp(cb / 4);
                planes[chroma + chroma / 4 + cy * half + cx] = clamp(cr / 4);
            }
        }
        return planes;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }
}
