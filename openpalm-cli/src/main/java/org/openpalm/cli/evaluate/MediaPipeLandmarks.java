package org.openpalm.cli.evaluate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openpalm.biometrics.ImagePoint;

/**
 * Hand landmarks of still images found by the pages' own code: MediaPipe Hands and
 * {@code hand-landmarks.js} (both from openpalm-web-assets, as the server serves them) run in
 * headless Debian chromium, driven through a page this class serves on 127.0.0.1. Each image is a
 * still (the tracking is reset before it). Nothing is fetched from outside: the browser's own
 * look-ups are mapped to nowhere.
 */
public final class MediaPipeLandmarks {
    /** The chromium of the machine (Debian's package). */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern RESULT = Pattern.compile("^(\\d+) (.*)$", Pattern.DOTALL);

    private MediaPipeLandmarks() {}

    /** Whether chromium is there to run the landmark model. */
    public static Optional<String> missing() {
        return Files.isExecutable(CHROMIUM) ? Optional.empty() : Optional.of(CHROMIUM + " is missing (apt-get install chromium)");
    }

    /**
     * The landmarks of each image (in its pixels), in order; empty where no hand was found.
     *
     * @param timeoutSecondsPerImage the whole run is given 30 s plus this per image
     */
    public static List<Optional<List<ImagePoint>>> find(List<byte[]> images, int timeoutSecondsPerImage, PrintWriter progress)
            throws IOException, InterruptedException {
        Map<Integer, Optional<List<ImagePoint>>> found = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        StringBuilder failure = new StringBuilder();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/assets/", ex -> {
            String path = ex.getRequestURI().getPath().substring("/assets/".length());
            if (path.contains("..")) {
                send(ex, 404, "text/plain", new byte[0]);
                return;
            }
            try (InputStream in = MediaPipeLandmarks.class.getResourceAsStream("/openpalm-web/" + path)) {
                if (in == null) send(ex, 404, "text/plain", new byte[0]);
                else send(ex, 200, contentType(path), in.readAllBytes());
            }
        });
        http.createContext("/evaluate.html", ex -> send(ex, 200, "text/html; charset=utf-8", page(images.size()).getBytes(StandardCharsets.UTF_8)));
        http.createContext("/images/", ex -> {
            int i = Integer.parseInt(ex.getRequestURI().getPath().substring("/images/".length()));
            send(ex, 200, "application/octet-stream", images.get(i));
        });
        http.createContext("/result", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = RESULT.matcher(body);
            if (m.matches()) {
                int i = Integer.parseInt(m.group(1));
                found.put(i, parse(m.group(2)));
                if (found.size() % 10 == 0) {
                    progress.printf("  landmarks: %d of %d images%n", found.size(), images.size());
                    progress.flush();
                }
            }
            send(ex, 204, "text/plain", new byte[0]);
        });
        http.createContext("/done", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.isBlank()) failure.append(body);
            send(ex, 204, "text/plain", new byte[0]);
            done.countDown();
        });
        http.start();
        Path profile = Files.createTempDirectory("openpalm-landmarks");
        Process chromium = null;
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/evaluate.html";
            // Flags measured to work offline on 2 cores without a GPU (SwiftShader gives the WebGL2 the solution needs).
            chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--user-data-dir=" + profile, "--remote-debugging-port=0", url)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!done.await(30 + (long) timeoutSecondsPerImage * images.size(), TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish the landmarks in time (" + found.size() + " of " + images.size() + " images)");
            }
            if (!failure.isEmpty()) throw new IOException("the landmark page failed: " + failure);
        } finally {
            if (chromium != null) {
                chromium.destroy();
                if (!chromium.waitFor(5, TimeUnit.SECONDS)) chromium.destroyForcibly();
            }
            http.stop(0);
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // a leftover temp profile is harmless
            }
        }
        List<Optional<List<ImagePoint>>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) out.add(found.getOrDefault(i, Optional.empty()));
        return out;
    }

    /** "none", or 42 numbers x y x y ... in image pixels. */
    static Optional<List<ImagePoint>> parse(String text) {
        if (text.strip().equals("none")) return Optional.empty();
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 42) throw new IllegalArgumentException("21 landmarks expected: " + text);
        List<ImagePoint> points = new ArrayList<>(21);
        for (int i = 0; i < 42; i += 2) points.add(new ImagePoint(Double.parseDouble(parts[i]), Double.parseDouble(parts[i + 1])));
        return Optional.of(points);
    }

    private static String page(int count) {
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>landmarks</title>
                <script src="/assets/mediapipe/hands.js"></script><script src="/assets/hand-landmarks.js"></script></head>
                <body><script>
                (async () => {
                  try {
                    for (let i = 0; i < %d; i++) {
                      const hand = await HandLandmarks.detectStill(await (await fetch("/images/" + i)).blob());
                      const text = hand ? hand.landmarks.map((p) => p[0].toFixed(2) + " " + p[1].toFixed(2)).join(" ") : "none";
                      await fetch("/result", { method: "POST", body: i + " " + text });
                    }
                    await fetch("/done", { method: "POST", body: "" });
                  } catch (e) {
                    await fetch("/done", { method: "POST", body: String(e && e.stack || e) });
                  }
                })();
                </script></body></html>
                """.formatted(count);
    }

    private static String contentType(String path) {
        if (path.endsWith(".js")) return "text/javascript";
        if (path.endsWith(".wasm")) return "application/wasm";
        return "application/octet-stream";
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, status == 204 ? -1 : body.length);
        if (status != 204) {
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }
}
