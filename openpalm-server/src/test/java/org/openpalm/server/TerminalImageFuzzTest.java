package org.openpalm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.biometrics.PalmImage;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.payments.testing.SyntheticPalms;

/**
 * Hostile images through the terminal API of a real server: a seeded loop of a few hundred signed
 * requests to the palm endpoint (JSON and multipart), the capture check (palm square and full
 * hand) and enrolment, each carrying a mutation of a real PNG or JPEG (bit flips, truncation,
 * edited width and height, random bytes after a real header, random bytes) or one of the known
 * bad shapes (4,000,000 x 1, 1 x 1, zero size, 2^31 declared sides, other formats, odd colour
 * models). No answer is a 5xx; every refused image is a 422 naming its field.
 */
class TerminalImageFuzzTest {
    private static final long SEED = 19_0008;
    private static final int REQUESTS = 320;

    @TempDir
    Path dataDir;

    @Test
    void noHostileImageGetsAServerError() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = List.of(SyntheticPalms.palm(1).toPng(), jpeg(SyntheticPalms.palm(2)), jpeg(scaledUp(SyntheticPalms.palm(3), 4)));
        List<byte[]> corpus = knownBadImages();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int refusedImages = 0;
        try (TestServer s = new TestServer(dataDir, TestServer.freshDatabase(), c -> c.withLoad(new LoadConfig(2, 10_000, 1_000_000, 100_000, 1)))) {
            TestServer.Merchant m = s.onboard("Fuzz Shop");
            String payment = payment(s, m);
            for (int i = 0; i < REQUESTS; i++) {
                byte[] image = i < corpus.size() ? corpus.get(i) : mutate(seeds.get(random.nextInt(seeds.size())), random);
                int endpoint = random.nextInt(5);
                if (i % 40 == 0) payment = payment(s, m); // a fresh payment now and then, so some images reach identification
                TestServer.Response r = switch (endpoint) {
                    case 0 -> s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment + "/palm", json("palm_image", image, ""));
                    case 1 -> multipart(s, m.terminal(), "/terminal/v1/payments/" + payment + "/palm", image);
                    case 2 -> s.terminalPost(m.terminal(), "/terminal/v1/captures/check", json("palm_image", image, ""));
                    case 3 -> s.terminalPost(m.terminal(), "/terminal/v1/captures/check", json("palm_image", image, ",\"image_kind\":\"full_hand\""));
                    default -> s.terminalPost(m.kiosk(), "/terminal/v1/enrolments", enrolment(i, image)); // a kiosk: images reach decoding
                };
                statuses.merge(r.status(), 1, Integer::sum);
                assertThat(r.status()).as("request %d (%s) answered %s", i, endpoint, r.text()).isLessThan(500);
                if (r.status() == 422) {
                    refusedImages++;
                    List<String> fields = r.json().get("errors").findValuesAsText("field");
                    String expected = endpoint == 4 ? "palm_images[0]" : "palm_image";
                    assertThat(fields).as(r.text()).contains(expected);
                }
                if (r.status() >= 400) assertThat(r.contentType()).startsWith("application/problem+json");
            }
        }
        // the loop exercised both sides: images refused, and images that decoded and went on
        assertThat(refusedImages).as("statuses %s", statuses).isGreaterThan(REQUESTS / 4);
        assertThat(statuses.keySet()).as("statuses %s", statuses).contains(200, 422);
    }

    @Test
    void aFourMillionByOneImageIsRefusedNamingTheField() throws Exception {
        byte[] strip = png(new BufferedImage(4_000_000, 1, BufferedImage.TYPE_BYTE_GRAY));
        try (TestServer s = new TestServer(dataDir)) {
            TestServer.Merchant m = s.onboard("Strip Shop");
            for (String kind : List.of("", ",\"image_kind\":\"full_hand\"")) {
                TestServer.Response check = s.terminalPost(m.terminal(), "/terminal/v1/captures/check", json("palm_image", strip, kind));
                assertThat(check.status()).as(check.text()).isEqualTo(422);
                assertThat(check.json().get("type").asText()).endsWith("/bad-image");
                JsonNode error = check.json().get("errors").get(0);
                assertThat(error.get("field").asText()).isEqualTo("palm_image");
                assertThat(error.get("reason").asText()).contains("no room for a palm");
            }
            TestServer.Response palm = s.terminalPost(m.terminal(), "/terminal/v1/payments/" + payment(s, m) + "/palm", json("palm_image", strip, ""));
            assertThat(palm.status()).as(palm.text()).isEqualTo(422);
            assertThat(palm.json().get("errors").get(0).get("field").asText()).isEqualTo("palm_image");
        }
    }

    private static String payment(TestServer s, TestServer.Merchant m) {
        TestServer.Response created = s.post("/v1/payments", m.apiKey(), TestServer.key(),
                "{\"amount\":{\"minor\":700,\"currency\":\"EUR\"},\"terminal_id\":\"" + m.terminal().id() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static String json(String field, byte[] image, String more) {
        return "{\"" + field + "\":\"" + Base64.getEncoder().encodeToString(image) + "\"" + more + "}";
    }

    private static String enrolment(long n, byte[] image) {
        long customer = 90_000 + n;
        return "{\"phone\":\"" + PaymentsFixture.phone(customer).e164() + "\",\"card_number\":\"" + PaymentsFixture.card(customer).revealTo((x, e) -> null)
                + "\",\"expiry\":\"" + YearMonth.now().plusYears(2) + "\",\"palm_images\":[\"" + Base64.getEncoder().encodeToString(image)
                + "\"],\"biometric_consent\":true,\"consent_text_version\":\"v1\"}";
    }

    private static TestServer.Response multipart(TestServer s, TestServer.SigningTerminal t, String path, byte[] image) throws IOException {
        String boundary = "fuzz" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"palm_image\"; filename=\"palm.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(image);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return s.terminalPost(t, path, "multipart/form-data; boundary=" + boundary, body.toByteArray(), TestServer.key(),
                Instant.now().getEpochSecond(), UUID.randomUUID().toString().replace("-", ""));
    }

    /** Bit flips, truncation, edited declared size, random bytes after the real header, or random bytes. */
    private static byte[] mutate(byte[] real, Random random) {
        byte[] b = real.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(8); i > 0; i--) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                int[] sides = {0, 1, 3, 4_000_000, 65_535, Integer.MAX_VALUE, -1, 1 + random.nextInt(5_000)};
                resize(b, sides[random.nextInt(sides.length)], sides[random.nextInt(sides.length)]);
            }
            case 3 -> {
                int keep = Math.min(b.length, 8 + random.nextInt(200));
                byte[] tail = new byte[random.nextInt(3_000)];
                random.nextBytes(tail);
                b = Arrays.copyOf(b, keep + tail.length);
                System.arraycopy(tail, 0, b, keep, tail.length);
            }
            case 4 -> {
                b = new byte[random.nextInt(1_500)];
                random.nextBytes(b);
            }
            default -> { } // the real image: the loop must also see images that decode
        }
        return b;
    }

    /** Writes the sides into a PNG's IHDR (the CRC no longer matches) or a JPEG's SOF0 (16 bits each). */
    private static void resize(byte[] b, int width, int height) {
        if ((b[0] & 0xFF) == 0x89) {
            ByteBuffer.wrap(b, 16, 8).putInt(width).putInt(height);
            return;
        }
        for (int i = 2; i + 9 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) {
                ByteBuffer.wrap(b, i + 5, 4).putShort((short) height).putShort((short) width);
                return;
            }
        }
    }

    /** Shapes, sizes, formats and colour models that once failed somewhere, sent first. */
    private static List<byte[]> knownBadImages() throws IOException {
        List<byte[]> bad = new ArrayList<>();
        bad.add(png(new BufferedImage(4_000_000, 1, BufferedImage.TYPE_BYTE_GRAY)));
        bad.add(png(new BufferedImage(1, 4_000_000, BufferedImage.TYPE_BYTE_GRAY)));
        bad.add(png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)));
        bad.add(png(new BufferedImage(31, 400, BufferedImage.TYPE_BYTE_GRAY)));
        bad.add(pngHeader(0, 0));
        bad.add(pngHeader(Integer.MAX_VALUE, Integer.MAX_VALUE));
        bad.add(pngHeader(-1, -1));
        bad.add(new byte[0]);
        bad.add("GIF89a not really".getBytes(StandardCharsets.US_ASCII));
        bad.add(encode(new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB), "gif"));
        bad.add(encode(new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB), "tiff"));
        bad.add(encode(new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_BINARY), "wbmp"));
        bad.add(png(new BufferedImage(128, 128, BufferedImage.TYPE_USHORT_GRAY))); // 16-bit grey
        bad.add(png(new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB))); // transparent
        bad.add(png(new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_BINARY))); // 1 bit
        bad.add(png(new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_INDEXED)));
        bad.add(encode(new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_INDEXED), "bmp"));
        bad.add(Arrays.copyOf(jpeg(SyntheticPalms.palm(4)), 300)); // truncated JPEG
        bad.add(Arrays.copyOf(SyntheticPalms.palm(5).toPng(), 100)); // truncated PNG
        return bad;
    }

    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(33).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    private static PalmImage scaledUp(PalmImage image, int factor) {
        int w = image.width() * factor;
        int h = image.height() * factor;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) out[y * w + x] = (byte) image.grey(x / factor, y / factor);
        }
        return PalmImage.ofGrey(w, h, out);
    }

    private static byte[] jpeg(PalmImage image) throws IOException {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        buffered.getRaster().setDataElements(0, 0, image.width(), image.height(), image.pixels());
        return encode(buffered, "jpg");
    }

    private static byte[] png(BufferedImage image) throws IOException {
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
        return out.toByteArray();
    }
}
