package org.openpalm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state servers on one database share, on H2 and PostgreSQL: the network messages of a
 * payment (one per payment however many servers race), the reversal journal, and the fingerprints
 * that keep a server with other keys from starting.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class SharedStateTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    private Database database() {
        if (opened == null) opened = db.open();
        return opened.database();
    }

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static <T> List<T> race(int callers, Callable<T> call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) futures.add(pool.submit(call));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        }
    }

    @Test
    void serversRacingForAPaymentsFirstAuthorisationAllSendTheOneRecorded() throws Exception {
        // two "servers": two state objects over the same database
        JdbcNetworkState a = new JdbcNetworkState(database(), Clock.systemUTC());
        JdbcNetworkState b = new JdbcNetworkState(database(), Clock.systemUTC());
        AtomicInteger made = new AtomicInteger();
        List<JdbcNetworkState.StoredAuthorisation> results = race(8, () -> {
            JdbcNetworkState s = made.get() % 2 == 0 ? a : b;
            return s.decideAuthorisation("pay_1", current -> {
                if (current.isPresent()) return Optional.empty(); // a retry reuses the recorded message
                int n = made.incrementAndGet();
                return Optional.of(new JdbcNetworkState.AuthorisationMessage(bytes("0100-" + n), "T1|00000" + n + "|1"));
            });
        });
        assertThat(results).extracting(r -> r.sent().networkKey()).containsOnly(results.getFirst().sent().networkKey());
        assertThat(b.authorisation("pay_1")).contains(results.getFirst());
        assertThat(results.getFirst().reversed()).isFalse();
    }

    @Test
    void aReversedAuthorisationIsReplacedAndTheReplacementKept() {
        JdbcNetworkState a = new JdbcNetworkState(database(), Clock.systemUTC());
        JdbcNetworkState b = new JdbcNetworkState(database(), Clock.systemUTC());
        a.decideAuthorisation("pay_2", c -> Optional.of(new JdbcNetworkState.AuthorisationMessage(bytes("first"), "T1|000001|5")));
        assertThat(b.markReversed("pay_2", "T1|000009|5")).as("another message than the current one").isFalse();
        assertThat(b.markReversedByNetworkKey("T1|000001|5")).isTrue();
        assertThat(a.authorisation("pay_2").orElseThrow().reversed()).isTrue();
        var next = b.decideAuthorisation("pay_2", c -> c.filter(x -> !x.reversed()).isPresent() ? Optional.empty()
                : Optional.of(new JdbcNetworkState.AuthorisationMessage(bytes("second"), "T1|000002|6")));
        assertThat(next.sent().packed()).isEqualTo(bytes("second"));
        assertThat(a.authorisation("pay_2").orElseThrow()).isEqualTo(new JdbcNetworkState.StoredAuthorisation(new JdbcNetworkState.AuthorisationMessage(bytes("second"), "T1|000002|6"), false));
    }

    @Test
    void aCaptureOrRefundMessageIsTheFirstRecordedWhoeverAsks() throws Exception {
        JdbcNetworkState a = new JdbcNetworkState(database(), Clock.systemUTC());
        AtomicInteger made = new AtomicInteger();
        List<String> sent = race(6, () -> new String(a.messageOnce(JdbcNetworkState.CAPTURE, "pay_3:100",
                () -> bytes("0220-" + made.incrementAndGet())), StandardCharsets.US_ASCII));
        assertThat(sent).containsOnly(sent.getFirst());
        assertThat(new JdbcNetworkState(database(), Clock.systemUTC()).messageOnce(JdbcNetworkState.REFUND, "pay_3:100", () -> bytes("refund")))
                .as("a refund under the same key is another message").isEqualTo(bytes("refund"));
    }

    @Test
    void reversalsOfOneServerArePendingForEveryServerUntilAcknowledged() {
        JdbcNetworkState a = new JdbcNetworkState(database(), Clock.systemUTC());
        JdbcNetworkState b = new JdbcNetworkState(database(), Clock.systemUTC());
        a.addReversal("r1", bytes("0400-1"));
        a.addReversal("r2", bytes("0400-2"));
        a.addReversal("r1", bytes("0400-1"));
        assertThat(b.pendingReversals()).containsExactly(bytes("0400-1"), bytes("0400-2"));
        b.acknowledgeReversal("r1");
        b.acknowledgeReversal("r1");
        assertThat(a.pendingReversals()).containsExactly(bytes("0400-2"));
        assertThat(a.pendingReversalCount()).isEqualTo(1);
    }

    @Test
    void serversReservingStanBlocksAtOnceGetDisjointBlocksAndTheCycleWraps() throws Exception {
        JdbcNetworkState a = new JdbcNetworkState(database(), Clock.systemUTC());
        JdbcNetworkState b = new JdbcNetworkState(database(), Clock.systemUTC());
        AtomicInteger turn = new AtomicInteger();
        List<Integer> firsts = race(12, () -> (turn.incrementAndGet() % 2 == 0 ? a : b).reserveStanBlock(1_000));
        assertThat(firsts).doesNotHaveDuplicates().allMatch(f -> (f - 1) % 1_000 == 0);
        assertThat(firsts.stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(11_001);

        // near the end of the cycle: a block that would pass 999999 starts again at 1
        try (var c = database().dataSource().getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE network_stan_blocks SET next_stan = 999500 WHERE id = 1");
        }
        assertThat(a.reserveStanBlock(400)).isEqualTo(999_500);
        assertThat(b.reserveStanBlock(400)).as("999900..1000299 would pass the end").isEqualTo(1);
        assertThat(a.reserveStanBlock(400)).isEqualTo(401);
    }

    @Test
    void theFirstServerRecordsItsKeysAndAServerWithOtherKeysIsRefusedSayingWhy() throws Exception {
        Path shared = dir.resolve("shared").resolve("template-keys");
        Files.createDirectories(shared.getParent());
        FileKeyProvider keys = FileKeyProvider.openOrCreate(shared);
        assertThat(KeyFingerprints.verifyOrRecord(database(), keys, Clock.systemUTC())).isEqualTo(new KeyFingerprints.Check.Matches(3));
        // a second server on the shared key file: the same keys, nothing new to record
        assertThat(KeyFingerprints.verifyOrRecord(database(), FileKeyProvider.openOrCreate(shared), Clock.systemUTC()))
                .isEqualTo(new KeyFingerprints.Check.Matches(0));

        // a server that made its own key file
        FileKeyProvider own = FileKeyProvider.openOrCreate(dir.resolve("own-keys"));
        var refused = KeyFingerprints.verifyOrRecord(database(), own, Clock.systemUTC());
        assertThat(refused).isInstanceOf(KeyFingerprints.Check.Refused.class);
        String reason = ((KeyFingerprints.Check.Refused) refused).reason();
        assertThat(reason).contains("data key 'k1' differs").contains("template protection key '" + keys.currentProtection().id() + "'")
                .contains("lacks").contains("phone look-up key differs").contains("keys.file");
        for (String line : Files.readAllLines(shared)) {
            if (line.startsWith("k1=")) assertThat(reason).doesNotContain(line.substring(3));
        }
        try (var c = database().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM key_fingerprints")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the refused server recorded nothing").isEqualTo(3);
        }

        // rotation: a new protection key on the shared file is recorded beside the old one
        FileKeyProvider.addProtectionKey(shared);
        assertThat(KeyFingerprints.verifyOrRecord(database(), FileKeyProvider.openOrCreate(shared), Clock.systemUTC()))
                .isEqualTo(new KeyFingerprints.Check.Matches(1));
        // ... and a server still on the old file (without the new key) is refused
        assertThat(KeyFingerprints.verifyOrRecord(database(), keys, Clock.systemUTC())).isInstanceOf(KeyFingerprints.Check.Refused.class);
    }

    @Test
    void serversCreatingTheSharedKeyFileAtOnceAllGetTheSameKeys() throws Exception {
        Path shared = dir.resolve("template-keys");
        List<String> ids = race(6, () -> {
            FileKeyProvider k = FileKeyProvider.openOrCreate(shared);
            return k.currentProtection().id() + "/" + KeyFingerprints.fingerprint(k, org.openpalm.payments.keys.KeyFingerprint.Kind.DATA, "k1").orElseThrow();
        });
        assertThat(ids).containsOnly(ids.getFirst());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary files left").containsExactly("template-keys");
        }
    }
}
