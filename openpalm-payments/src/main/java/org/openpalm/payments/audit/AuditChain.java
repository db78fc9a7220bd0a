package org.openpalm.payments.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hash chain: {@code hash = SHA-256(canonical(entry) + prev_hash)}. The canonical form prefixes
 * every field with its length so no two different entries share one, and writes the time as an
 * ISO-8601 instant at microsecond precision (what PostgreSQL keeps).
 */
public final class AuditChain {
    /** The {@code prev_hash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /** Times are stored at microsecond precision; entries are hashed as stored. */
    public static Instant storable(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The entry following {@code head}. */
    public static AuditEntry next(AuditHead head, AuditEvent event, Instant at) {
        long seq = head.seq() + 1;
        Instant time = storable(at);
        String hash = hash(seq, time, event.actor(), event.action().name(), event.subject(), event.details(), head.hash());
        return new AuditEntry(seq, time, event.actor(), event.action().name(), event.subject(), event.details(), head.hash(), hash);
    }

    public static String canonical(long seq, Instant at, String actor, String action, String subject, String details) {
        StringBuilder b = new StringBuilder();
        for (String field : new String[] {Long.toString(seq), storable(at).toString(), actor, action, subject, details}) {
            b.append(field.length()).append(':').append(field).append(';');
        }
        return b.toString();
    }

    public static String hash(long seq, Instant at, String actor, String action, String subject, String details, String prevHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(canonical(seq, at, actor, action, subject, details).getBytes(StandardCharsets.UTF_8));
            sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks entries fed in seq order against a head read before them; stops judging at the first bad one. */
    public static final class Verifier {
        private final AuditHead head;
        private long expectedSeq = 1;
        private String previousHash = GENESIS;
        private Optional<String> hashAtHead = Optional.empty();
        private Optional<AuditVerification.Broken> broken = Optional.empty();

        public Verifier(AuditHead head) {
            this.head = head;
        }

        public void accept(AuditEntry e) {
            if (broken.isPresent()) return;
            if (e.seq() != expectedSeq) {
                // a gap: the entry expected here was removed (or renumbered)
                broken = Optional.of(new AuditVerification.Broken(Math.min(expectedSeq, e.seq()),
                        e.seq() > expectedSeq ? "entry " + expectedSeq + " is missing" : "entry " + e.seq() + " is out of sequence"));
                return;
            }
            if (!e.prevHash().equals(previousHash)) {
                broken = Optional.of(new AuditVerification.Broken(e.seq(), "prev_hash does not match the hash of entry " + (e.seq() - 1)));
                return;
            }
            String recomputed = hash(e.seq(), e.at(), e.actor(), e.action(), e.subject(), e.details(), e.prevHash());
            if (!recomputed.equals(e.hash())) {
                broken = Optional.of(new AuditVerification.Broken(e.seq(), "content does not match its hash (edited)"));
                return;
            }
            if (e.seq() == head.seq()) hashAtHead = Optional.of(e.hash());
            previousHash = e.hash();
            expectedSeq++;
        }

        public AuditVerification result() {
            if (broken.isPresent()) return broken.get();
            long last = expectedSeq - 1;
            if (head.seq() > last) return new AuditVerification.Broken(last + 1, "entries " + (last + 1) + " to " + head.seq() + " are missing");
            if (head.seq() == 0 && last > 0) return new AuditVerification.Broken(1, "the recorded head is missing or was reset");
            if (head.seq() > 0 && !hashAtHead.orElse("").equals(head.hash())) {
                return new AuditVerification.Broken(head.seq(), "entry " + head.seq() + " is not the recorded head (rewritten)");
            }
            return new AuditVerification.Intact(last);
        }
    }
}
