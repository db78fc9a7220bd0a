package org.openpalm.bench;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openpalm.iso8583.Acceptor;
import org.openpalm.iso8583.AcquirerLink;
import org.openpalm.iso8583.AuthorisationRequest;
import org.openpalm.iso8583.AuthorisationResponse;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.LinkConfig;
import org.openpalm.iso8583.LinkResult;
import org.openpalm.iso8583.MerchantId;
import org.openpalm.iso8583.Money;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkToken;
import org.openpalm.iso8583.PointOfService;
import org.openpalm.iso8583.RetrievalReference;
import org.openpalm.iso8583.ReversalJournal;
import org.openpalm.iso8583.Stan;
import org.openpalm.iso8583.TerminalId;
import org.openpalm.iso8583.Transaction;
import org.openpalm.iso8583.TransactionType;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;

/**
 * Authorisations per second through {@link AcquirerLink} to the {@link NetworkSimulator} over
 * loopback, with latency percentiles, and codec pack+unpack per second. Prints one JSON object:
 * {@code authorisations_per_s, p50_ms, p99_ms, codec_messages_per_s}.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code authorisations=20000},
 * {@code concurrency=64}, {@code codecMessages=200000}. Entry point for the bench dispatcher:
 * {@link #run(String[])}.
 */
public final class AuthorisationBench {
    private AuthorisationBench() {}

    public static void main(String[] args) throws Exception {
        run(args);
    }

    public static void run(String[] args) throws Exception {
        int authorisations = intArg(args, "authorisations", 20_000);
        // 16 in flight: enough to keep both cores busy; more only queues (p99 grows, throughput does not).
        int concurrency = intArg(args, "concurrency", 16);
        int codecMessages = intArg(args, "codecMessages", 200_000);

        Acceptor acceptor = new Acceptor("12345", new TerminalId("BENCH001"), new MerchantId("BENCHMERCHANT01"));
        double authPerS;
        double p50;
        double p99;
        try (NetworkSimulator sim = NetworkSimulator.start(SimConfig.testCards(0));
                AcquirerLink link = AcquirerLink.start(LinkConfig.defaults("127.0.0.1", sim.port()), ReversalJournal.inMemory())) {
            if (!link.awaitSignedOn(10_000)) {
                throw new IllegalStateException("link did not sign on to the simulator");
            }
            NetworkToken token = sim.tokenOf(new CardNumber("4000000000000002")).orElseThrow();
            // Warm-up.
            runAuthorisations(link, token, acceptor, Math.min(2_000, authorisations), concurrency);
            long start = System.nanoTime();
            long[] latencies = runAuthorisations(link, token, acceptor, authorisations, concurrency);
            long elapsed = System.nanoTime() - start;
            Arrays.sort(latencies);
            authPerS = authorisations / (elapsed / 1e9);
            p50 = latencies[(int) (latencies.length * 0.50)] / 1e6;
            p99 = latencies[Math.min(latencies.length - 1, (int) (latencies.length * 0.99))] / 1e6;
        }

        NetworkCodec codec = NetworkCodec.openPalm();
        AuthorisationRequest sample = new AuthorisationRequest(tx(new NetworkToken("4895370000000001"), acceptor, new Stan(1)));
        long sink = 0;
        for (int i = 0; i < Math.min(20_000, codecMessages); i++) {
            sink += codec.decode(codec.encode(sample)).stan().value();
        }
        long cs = System.nanoTime();
        for (int i = 0; i < codecMessages; i++) {
            sink += codec.decode(codec.encode(sample)).stan().value();
        }
        double codecPerS = codecMessages / ((System.nanoTime() - cs) / 1e9);
        if (sink == 42) {
            System.err.println("unlikely");
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"authorisations_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"codec_messages_per_s\": %.1f}",
                authPerS, p50, p99, codecPerS));
    }

    private static long[] runAuthorisations(AcquirerLink link, NetworkToken token, Acceptor acceptor, int n, int concurrency)
            throws Exception {
        long[] latencies = new long[n];
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        LinkResult<AuthorisationResponse> r = link.authorise(new AuthorisationRequest(tx(token, acceptor, link.nextStan())));
                        latencies[i] = System.nanoTime() - t0;
                        if (!(r instanceof LinkResult.Response<AuthorisationResponse>)) {
                            throw new IllegalStateException("authorisation failed: " + r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        return latencies;
    }

    private static Transaction tx(NetworkToken token, Acceptor acceptor, Stan stan) {
        Instant now = Instant.now();
        return new Transaction(TransactionType.PURCHASE, token, YearMonth.now(ZoneOffset.UTC).plusYears(1), Money.of(1, "EUR"),
                stan, now, LocalDateTime.ofInstant(now, ZoneOffset.UTC),
                new RetrievalReference(String.format("%012d", stan.value())), PointOfService.PALM, acceptor);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
