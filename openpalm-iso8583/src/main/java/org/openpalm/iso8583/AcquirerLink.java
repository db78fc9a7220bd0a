package org.openpalm.iso8583;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The acquirer's link to the card network: one TCP connection, 2-byte big-endian length framing,
 * many concurrent requests matched to responses by MTI, STAN (11) and terminal id (41).
 *
 * <ul>
 *   <li>Blocking API meant for virtual threads; every call returns a {@link LinkResult}, never null.</li>
 *   <li>Signs on (0800/001) after each connect, sends echo (0800/301) every
 *       {@link LinkConfig#echoIntervalMillis()}, and reconnects with exponential backoff.</li>
 *   <li>An authorisation that times out, or whose connection drops after it may have been sent, is
 *       reversed automatically: the 0400 is written to the {@link ReversalJournal} first, then sent
 *       (0401 on repeats) until the network answers 0410. Authorisations themselves are never
 *       retried, so nothing is charged twice.</li>
 *   <li>A frame from the peer that does not decode is logged (its error only, no card data) and
 *       dropped; the connection and the other requests carry on.</li>
 * </ul>
 */
public final class AcquirerLink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AcquirerLink.class.getName());

    private final LinkConfig config;
    private final ReversalJournal journal;
    private final NetworkCodec codec;
    private final Clock clock;
    private final ConcurrentHashMap<MatchKey, CompletableFuture<NetworkMessage>> pending = new ConcurrentHashMap<>();
    private final Semaphore inFlight;
    private final StanSource stans;
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final Semaphore reversalWakeup = new Semaphore(0);
    private final AtomicInteger connects = new AtomicInteger();
    private volatile boolean signedOn;
    private volatile boolean closed;
    private final Thread supervisor;
    private final Thread reverser;

    private AcquirerLink(LinkConfig config, ReversalJournal journal, Clock clock, StanSource stans) {
        this.config = config;
        this.journal = journal;
        this.clock = clock;
        this.codec = new NetworkCodec(IsoCodec.openPalm(), clock);
        this.inFlight = new Semaphore(config.maxInFlightRequests());
        this.stans = stans;
        this.supervisor = Thread.ofVirtual().name("acquirer-link-supervisor").unstarted(this::supervise);
        this.reverser = Thread.ofVirtual().name("acquirer-link-reversals").unstarted(this::reverseLoop);
    }

    /** Starts connecting in the background; requests return {@code Disconnected} until signed on. */
    public static AcquirerLink start(LinkConfig config, ReversalJournal journal) {
        return start(config, journal, Clock.systemUTC());
    }

    public static AcquirerLink start(LinkConfig config, ReversalJournal journal, Clock clock) {
        return start(config, journal, clock, StanSource.counter(clock));
    }

    /** With STANs from {@code stans}: a source shared by every link sending for the same terminal id. */
    public static AcquirerLink start(LinkConfig config, ReversalJournal journal, Clock clock, StanSource stans) {
        AcquirerLink link = new AcquirerLink(config, journal, clock, stans);
        link.supervisor.start();
        link.reverser.start();
        return link;
    }

    /** A fresh STAN, 1..999999, cycling, from the link's {@link StanSource}. Use it for every request sent on this link. */
    public Stan nextStan() {
        return stans.next();
    }

    public boolean isSignedOn() {
        return signedOn;
    }

    /** Number of successful connections so far (sign-on included); for monitoring. */
    public int connectionCount() {
        return connects.get();
    }

    /** Waits (polling, at most {@code timeoutMillis}) until the link is signed on. */
    public boolean awaitSignedOn(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!signedOn) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    public int pendingReversals() {
        return journal.pending().size();
    }

    public LinkResult<AuthorisationResponse> authorise(AuthorisationRequest request) {
        Attempt a = exchange(request, true);
        switch (a.result()) {
            case LinkResult.Response<NetworkMessage> r -> {
                return new LinkResult.Response<>((AuthorisationResponse) r.message());
            }
            case LinkResult.TimedOut<NetworkMessage> t -> {
                if (a.maybeSent()) {
                    scheduleReversal(request);
                }
                return new LinkResult.TimedOut<>(t.waitedMillis());
            }
            case LinkResult.Disconnected<NetworkMessage> d -> {
                if (a.maybeSent()) {
                    scheduleReversal(request);
                }
                return new LinkResult.Disconnected<>(d.reason());
            }
        }
    }

    public LinkResult<RefundResponse> refund(RefundRequest request) {
        return typed(exchange(request, true).result(), RefundResponse.class);
    }

    public LinkResult<CompletionResponse> complete(CompletionAdvice advice) {
        return typed(exchange(advice, true).result(), CompletionResponse.class);
    }

    /** A reversal sent by the caller (e.g. a cancelled sale); not journalled. */
    public LinkResult<ReversalResponse> reverse(ReversalAdvice advice) {
        return typed(exchange(advice, true).result(), ReversalResponse.class);
    }

    public LinkResult<TokenisationResponse> tokenise(TokenisationRequest request) {
        return typed(exchange(request, true).result(), TokenisationResponse.class);
    }

    /** A zero-amount account verification; nothing is held, so an unanswered one needs no reversal. */
    public LinkResult<AccountVerificationResponse> verifyAccount(AccountVerificationRequest request) {
        return typed(exchange(request, true).result(), AccountVerificationResponse.class);
    }

    public LinkResult<NetworkManagementResponse> echo() {
        return typed(exchange(networkManagement(NetworkManagementCode.ECHO), true).result(),
                NetworkManagementResponse.class);
    }

    private NetworkManagementRequest networkManagement(NetworkManagementCode code) {
        return new NetworkManagementRequest(nextStan(), clock.instant(), code);
    }

    private static <R extends NetworkMessage> LinkResult<R> typed(LinkResult<NetworkMessage> result, Class<R> type) {
        return switch (result) {
            case LinkResult.Response<NetworkMessage> r -> new LinkResult.Response<>(type.cast(r.message()));
            case LinkResult.TimedOut<NetworkMessage> t -> new LinkResult.TimedOut<>(t.waitedMillis());
            case LinkResult.Disconnected<NetworkMessage> d -> new LinkResult.Disconnected<>(d.reason());
        };
    }

    // ------------------------------------------------------------------ reversals

    private void scheduleReversal(AuthorisationRequest request) {
        ReversalAdvice advice = new ReversalAdvice(request.tx().retrace(nextStan(), clock.instant()),
                OriginalData.of(request.mti(), request.tx()), false);
        journal.add(new PendingReversal(advice));
        LOG.log(Level.WARNING, "authorisation {0} unanswered: reversal {1} journalled", request.tx().stan(), advice.stan());
        reversalWakeup.release();
    }

    private void reverseLoop() {
        Set<String> attempted = new HashSet<>();
        while (!closed) {
            try {
                reversalWakeup.tryAcquire(config.reversalRetryIntervalMillis(), TimeUnit.MILLISECONDS);
                reversalWakeup.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            for (PendingReversal p : journal.pending()) {
                if (closed || !signedOn) {
                    break;
                }
                ReversalAdvice advice = attempted.add(p.id()) ? p.advice() : p.advice().asRepeat();
                LinkResult<NetworkMessage> r = exchange(advice, true).result();
                switch (r) {
                    case LinkResult.Response<NetworkMessage> ok -> {
                        journal.acknowledge(p.id());
                        attempted.remove(p.id());
                        LOG.log(Level.INFO, "reversal {0} acknowledged", advice.stan());
                    }
                    case LinkResult.TimedOut<NetworkMessage> t ->
                            LOG.log(Level.WARNING, "reversal {0} unanswered; will retry", advice.stan());
                    case LinkResult.Disconnected<NetworkMessage> d ->
                            LOG.log(Level.WARNING, "reversal {0} not delivered ({1}); will retry", advice.stan(), d.reason());
                }
            }
        }
    }

    // ------------------------------------------------------------------ exchange

    private record Attempt(LinkResult<NetworkMessage> result, boolean maybeSent) {}

    private Attempt exchange(NetworkMessage request, boolean requireSignedOn) {
        Connection c = connection.get();
        if (closed) {
            return new Attempt(new LinkResult.Disconnected<>("link closed"), false);
        }
        if (c == null || !c.alive.get()) {
            return new Attempt(new LinkResult.Disconnected<>("not connected"), false);
        }
        if (requireSignedOn && !signedOn) {
            return new Attempt(new LinkResult.Disconnected<>("not signed on"), false);
        }
        byte[] frame = Framing.frame(codec.encode(request));
        long timeout = config.responseTimeoutMillis();
        try {
            if (!inFlight.tryAcquire(timeout, TimeUnit.MILLISECONDS)) {
                return new Attempt(new LinkResult.TimedOut<>(timeout), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(new LinkResult.Disconnected<>("interrupted"), false);
        }
        MatchKey key = request.matchKey();
        CompletableFuture<NetworkMessage> future = new CompletableFuture<>();
        try {
            if (pending.putIfAbsent(key, future) != null) {
                throw new IllegalStateException("a request with STAN " + key.stan().digits() + " from terminal '"
                        + key.terminalId() + "' is already in flight");
            }
            if (!c.outbound.offer(frame)) {
                return new Attempt(new LinkResult.Disconnected<>("outbound queue full"), false);
            }
            if (!c.alive.get()) {
                return new Attempt(new LinkResult.Disconnected<>("connection lost"), true);
            }
            return new Attempt(new LinkResult.Response<>(future.get(timeout, TimeUnit.MILLISECONDS)), true);
        } catch (TimeoutException e) {
            return new Attempt(new LinkResult.TimedOut<>(timeout), true);
        } catch (ExecutionException e) {
            return new Attempt(new LinkResult.Disconnected<>(e.getCause().getMessage()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(new LinkResult.Disconnected<>("interrupted"), true);
        } finally {
            pending.remove(key, future);
            inFlight.release();
        }
    }

    // ------------------------------------------------------------------ connection lifecycle

    private void supervise() {
        long backoff = config.reconnectInitialBackoffMillis();
        while (!closed) {
            Connection c;
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeoutMillis());
                socket.setTcpNoDelay(true);
                c = new Connection(socket);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "connect to {0}:{1} failed ({2}); retrying in {3} ms",
                        config.host(), String.valueOf(config.port()), e.getMessage(), backoff);
                if (!sleep(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, config.reconnectMaxBackoffMillis());
                continue;
            }
            connection.set(c);
            c.start();
            LinkResult<NetworkMessage> signOn = exchange(networkManagement(NetworkManagementCode.SIGN_ON), false).result();
            if (signOn instanceof LinkResult.Response<NetworkMessage>(NetworkManagementResponse r) && r.responseCode().approved()) {
                signedOn = true;
                connects.incrementAndGet();
                backoff = config.reconnectInitialBackoffMillis();
                LOG.log(Level.INFO, "signed on to {0}:{1}", config.host(), String.valueOf(config.port()));
                reversalWakeup.release();
                keepAlive(c);
            } else {
                c.kill("sign-on refused or unanswered");
            }
            signedOn = false;
            connection.compareAndSet(c, null);
            if (!closed && !sleep(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, config.reconnectMaxBackoffMillis());
        }
    }

    private void keepAlive(Connection c) {
        while (!closed && c.alive.get()) {
            try {
                if (c.dead.await(config.echoIntervalMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            LinkResult<NetworkMessage> echo = exchange(networkManagement(NetworkManagementCode.ECHO), false).result();
            if (!(echo instanceof LinkResult.Response<NetworkMessage>)) {
                c.kill("echo unanswered");
            }
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        signedOn = false;
        Connection c = connection.getAndSet(null);
        if (c != null) {
            c.kill("link closed");
        }
        supervisor.interrupt();
        reverser.interrupt();
        try {
            supervisor.join(5_000);
            reverser.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class LinkDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkDown(String reason) {
            super(reason, null, false, false);
        }
    }

    private final class Connection {
        final Socket socket;
        final ArrayBlockingQueue<byte[]> outbound = new ArrayBlockingQueue<>(config.maxInFlightRequests() + 4);
        final AtomicBoolean alive = new AtomicBoolean(true);
        final CountDownLatch dead = new CountDownLatch(1);

        Connection(Socket socket) {
            this.socket = socket;
        }

        void start() {
            Thread.ofVirtual().name("acquirer-link-reader").start(this::readLoop);
            Thread.ofVirtual().name("acquirer-link-writer").start(this::writeLoop);
        }

        void kill(String reason) {
            if (!alive.compareAndSet(true, false)) {
                return;
            }
            LOG.log(Level.WARNING, "connection to {0}:{1} down: {2}", config.host(), String.valueOf(config.port()), reason);
            try {
                socket.close();
            } catch (IOException e) {
                // Already broken: nothing more to release.
            }
            LinkDown down = new LinkDown("connection lost: " + reason);
            pending.values().forEach(f -> f.completeExceptionally(down));
            outbound.clear();
            dead.countDown();
        }

        private void writeLoop() {
            try {
                OutputStream out = socket.getOutputStream();
                while (alive.get()) {
                    byte[] frame = outbound.poll(200, TimeUnit.MILLISECONDS);
                    if (frame != null) {
                        out.write(frame);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                kill("write failed: " + e.getMessage());
            } catch (InterruptedException e) {
                kill("writer interrupted");
            }
        }

        private void readLoop() {
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (alive.get()) {
                    byte[] frame = Framing.read(in);
                    handle(frame);
                }
            } catch (IOException e) {
                kill("read failed: " + e.getMessage());
            }
        }

        private void handle(byte[] frame) {
            NetworkMessage m;
            try {
                m = codec.decode(frame);
            } catch (IsoCodecException e) {
                LOG.log(Level.WARNING, "dropped a bad frame of {0} bytes from the network: {1}", frame.length, e.getMessage());
                return;
            }
            boolean response = (m.mti().charAt(2) - '0') % 2 == 1;
            if (response) {
                CompletableFuture<NetworkMessage> f = pending.remove(m.matchKey());
                if (f == null) {
                    LOG.log(Level.WARNING, "dropped a late or unmatched response: {0}", m);
                } else {
                    f.complete(m);
                }
            } else if (m instanceof NetworkManagementRequest n) {
                // The network may probe us too: answer its echo.
                byte[] reply = Framing.frame(codec.encode(n.respond(ResponseCode.APPROVED)));
                if (!outbound.offer(reply)) {
                    LOG.log(Level.WARNING, "outbound queue full: network echo {0} unanswered", n.stan());
                }
            } else {
                LOG.log(Level.WARNING, "dropped an unexpected request from the network: {0}", m);
            }
        }
    }
}
