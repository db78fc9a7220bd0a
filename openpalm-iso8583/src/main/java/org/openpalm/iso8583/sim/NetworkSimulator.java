package org.openpalm.iso8583.sim;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openpalm.iso8583.AccountVerificationRequest;
import org.openpalm.iso8583.AccountVerificationResponse;
import org.openpalm.iso8583.AuthorisationRequest;
import org.openpalm.iso8583.AuthorisationResponse;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.CompletionAdvice;
import org.openpalm.iso8583.CompletionResponse;
import org.openpalm.iso8583.Framing;
import org.openpalm.iso8583.IsoCodec;
import org.openpalm.iso8583.IsoCodecException;
import org.openpalm.iso8583.NetworkCodec;
import org.openpalm.iso8583.NetworkManagementRequest;
import org.openpalm.iso8583.NetworkMessage;
import org.openpalm.iso8583.NetworkToken;
import org.openpalm.iso8583.OriginalData;
import org.openpalm.iso8583.RefundRequest;
import org.openpalm.iso8583.RefundResponse;
import org.openpalm.iso8583.Reply;
import org.openpalm.iso8583.ResponseCode;
import org.openpalm.iso8583.ReversalAdvice;
import org.openpalm.iso8583.ReversalResponse;
import org.openpalm.iso8583.TokenisationRequest;
import org.openpalm.iso8583.TokenisationResponse;
import org.openpalm.iso8583.Transaction;

/**
 * A card network with its token service and issuers, on one TCP port, speaking the OpenPalm ISO
 * 8583 dialect with 2-byte length framing. Each connection gets a reader and a writer virtual
 * thread; each request is handled on its own virtual thread so issuer delays do not hold others up.
 * A frame that does not decode is logged and dropped; the connection stays up.
 *
 * <p>Listens on the loopback address only.
 */
public final class NetworkSimulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NetworkSimulator.class.getName());
    private static final int OUTBOUND_QUEUE_FRAMES = 1024;

    private final SimConfig config;
    private final ServerSocket server;
    private final NetworkCodec codec;
    private final TokenService tokens;
    private final Bank bank;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final ClearingWriter clearing = new ClearingWriter();
    private final Clock clock;
    private volatile boolean dropReversals;
    private volatile boolean closed;

    private NetworkSimulator(SimConfig config, ServerSocket server, Clock clock) {
        this.config = config;
        this.server = server;
        this.codec = new NetworkCodec(IsoCodec.openPalm(), clock);
        this.tokens = new TokenService(config.randomSeed());
        this.bank = new Bank(config, clock);
        this.clock = clock;
        config.issuers().forEach(i -> i.accounts().forEach(a -> tokens.tokenise(a.card())));
    }

    public static NetworkSimulator start(SimConfig config) throws IOException {
        return start(config, InetAddress.getLoopbackAddress());
    }

    public static NetworkSimulator start(SimConfig config, InetAddress bindAddress) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(bindAddress, config.port()));
        NetworkSimulator sim = new NetworkSimulator(config, server, Clock.systemUTC());
        Thread.ofVirtual().name("network-sim-accept").start(sim::acceptLoop);
        return sim;
    }

    public int port() {
        return server.getLocalPort();
    }

    public SimConfig config() {
        return config;
    }

    public TokenService tokenService() {
        return tokens;
    }

    public long availableMinor(CardNumber card) {
        return bank.availableMinor(card);
    }

    /** How many requests of this MTI arrived (decoded), e.g. "0400". */
    public long received(String mti) {
        AtomicLong n = received.get(mti);
        return n == null ? 0 : n.get();
    }

    /**
     * Writes the daily clearing file of each acquirer into {@code directory} from now on
     * ({@code clearing-<acquirer>-<yyyy-mm-dd>.csv}; see {@link ClearingWriter}).
     */
    public void writeClearingTo(java.nio.file.Path directory) {
        clearing.writeTo(directory);
    }

    /** How many clearing records of this kind (CAPTURE, REFUND, REVERSAL) the network wrote since start. */
    public long cleared(String kind) {
        return clearing.cleared().stream().filter(c -> c.kind().equals(kind)).count();
    }

    /** While true, reversals are counted but neither applied nor answered (network stand-in down). */
    public void dropReversals(boolean drop) {
        this.dropReversals = drop;
    }

    /** Closes every client connection (to test reconnects); keeps listening. */
    public void disconnectClients() {
        for (Socket s : clients) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                clients.add(s);
                new ClientConnection(s).start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        disconnectClients();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing a broken socket: nothing more to do.
        }
    }

    private final class ClientConnection {
        final Socket socket;
        final ArrayBlockingQueue<byte[]> outbound = new ArrayBlockingQueue<>(OUTBOUND_QUEUE_FRAMES);
        final AtomicBoolean alive = new AtomicBoolean(true);

        ClientConnection(Socket socket) {
            this.socket = socket;
        }

        void start() {
            Thread.ofVirtual().name("network-sim-reader").start(this::readLoop);
            Thread.ofVirtual().name("network-sim-writer").start(this::writeLoop);
        }

        void kill() {
            if (alive.compareAndSet(true, false)) {
                clients.remove(socket);
                closeQuietly(socket);
            }
        }

        void readLoop() {
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (alive.get()) {
                    byte[] frame = Framing.read(in);
                    NetworkMessage m;
                    try {
                        m = codec.decode(frame);
                    } catch (IsoCodecException e) {
                        LOG.log(Level.WARNING, "dropped a bad frame of {0} bytes from an acquirer: {1}", frame.length, e.getMessage());
                        continue;
                    }
                    received.computeIfAbsent(m.mti(), k -> new AtomicLong()).incrementAndGet();
                    Thread.ofVirtual().name("network-sim-request").start(() -> handle(m));
                }
            } catch (IOException e) {
                kill();
            }
        }

        void writeLoop() {
            try {
                OutputStream out = socket.getOutputStream();
                while (alive.get()) {
                    byte[] frame = outbound.poll(200, TimeUnit.MILLISECONDS);
                    if (frame != null) {
                        out.write(frame);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                kill();
            }
        }

        void handle(NetworkMessage m) {
            Optional<Outgoing> out = process(m);
            if (out.isEmpty()) {
                return;
            }
            if (out.get().delayMillis() > 0) {
                try {
                    Thread.sleep(out.get().delayMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!outbound.offer(Framing.frame(codec.encode(out.get().message())))) {
                LOG.log(Level.WARNING, "outbound queue full: response to {0} dropped", m.stan());
            }
        }
    }

    private record Outgoing(NetworkMessage message, long delayMillis) {}

    /** The network's decision for one request; empty: no response (dropped, or a response arrived). */
    private Optional<Outgoing> process(NetworkMessage m) {
        return switch (m) {
            case NetworkManagementRequest n -> Optional.of(new Outgoing(n.respond(ResponseCode.APPROVED), 0));
            case TokenisationRequest t -> Optional.of(new Outgoing(tokenise(t), 0));
            case AccountVerificationRequest v -> {
                Bank.Decision d = bank.verifyAccount(v.card(), v.securityCode());
                yield decided(d, v.respond(d.code()));
            }
            case AccountVerificationResponse x -> unexpected(x);
            case AuthorisationRequest a -> withCard(a.tx()).map(card -> {
                Bank.Decision d = bank.authorise(key(a.tx()), card, a.tx().amount());
                return decided(d, new AuthorisationResponse(Reply.to(a.tx(), d.code(), d.approval())));
            }).orElseGet(() -> Optional.of(new Outgoing(new AuthorisationResponse(invalid(a.tx())), 0)));
            case RefundRequest r -> withCard(r.tx()).map(card -> {
                Bank.Decision d = bank.refund(key(r.tx()), card, r.tx().amount());
                cleared("REFUND", r.tx());
                return decided(d, new RefundResponse(Reply.to(r.tx(), d.code(), d.approval())));
            }).orElseGet(() -> Optional.of(new Outgoing(new RefundResponse(invalid(r.tx())), 0)));
            case CompletionAdvice c -> {
                Bank.Decision d = bank.complete(key(c.tx()), originalKey(c.original(), c.terminalKey()), c.tx().amount().minorUnits());
                cleared("CAPTURE", c.tx());
                yield decided(d, new CompletionResponse(Reply.to(c.tx(), d.code(), d.approval())));
            }
            case ReversalAdvice r -> {
                if (dropReversals) {
                    yield Optional.empty();
                }
                Bank.Decision d = bank.reverse(key(r.tx()), originalKey(r.original(), r.terminalKey()));
                cleared("REVERSAL", r.tx());
                yield decided(d, new ReversalResponse(Reply.to(r.tx(), d.code(), d.approval())));
            }
            case AuthorisationResponse x -> unexpected(x);
            case RefundResponse x -> unexpected(x);
            case CompletionResponse x -> unexpected(x);
            case ReversalResponse x -> unexpected(x);
            case TokenisationResponse x -> unexpected(x);
            case org.openpalm.iso8583.NetworkManagementResponse x -> Optional.empty(); // answer to our probe
        };
    }

    /** Writes the clearing record of a message that cleared money just now (outside the bank's lock). */
    private void cleared(String kind, Transaction tx) {
        bank.takeCleared(key(tx)).ifPresent(amount -> clearing.add(new ClearingWriter.Cleared(kind, tx, amount, clock.instant())));
    }

    private static Optional<Outgoing> unexpected(NetworkMessage m) {
        LOG.log(Level.WARNING, "dropped an unexpected {0} from an acquirer", m.mti());
        return Optional.empty();
    }

    private static Optional<Outgoing> decided(Bank.Decision d, NetworkMessage response) {
        return d.respond() ? Optional.of(new Outgoing(response, d.delayMillis())) : Optional.empty();
    }

    private TokenisationResponse tokenise(TokenisationRequest t) {
        if (!bank.knows(t.card())) {
            return new TokenisationResponse(t.stan(), t.transmittedAt(), t.terminalId(), ResponseCode.INVALID_CARD,
                    Optional.empty(), Optional.empty());
        }
        TokenService.Tokenised tok = tokens.tokenise(t.card());
        return new TokenisationResponse(t.stan(), t.transmittedAt(), t.terminalId(), ResponseCode.APPROVED,
                Optional.of(tok.token()), Optional.of(tok.par()));
    }

    private Optional<CardNumber> withCard(Transaction tx) {
        return tokens.detokenise(tx.token());
    }

    private static Reply invalid(Transaction tx) {
        return Reply.to(tx, ResponseCode.INVALID_CARD, Optional.empty());
    }

    /** Identity of a transaction at the network: terminal, STAN and transmission time (as in field 90). */
    private static String key(Transaction tx) {
        return tx.networkKey();
    }

    private static String originalKey(OriginalData o, String terminal) {
        return terminal + "|" + o.stan().digits() + "|" + o.transmittedAt().getEpochSecond();
    }

    /** For tests and tools: the token the network issues for a card, if the card is known. */
    public Optional<NetworkToken> tokenOf(CardNumber card) {
        return bank.knows(card) ? Optional.of(tokens.tokenise(card).token()) : Optional.empty();
    }
}
