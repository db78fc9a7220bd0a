package org.openpalm.payments.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openpalm.payments.testing.InMemoryAuditLog;

class AuditChainTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private static InMemoryAuditLog logOf(int n) {
        InMemoryAuditLog log = new InMemoryAuditLog();
        for (int i = 0; i < n; i++) {
            log.append(new AuditEvent("customer:cus_x", AuditAction.DATA_EXPORTED, "cus_" + i, "export " + i), T0.plusSeconds(i));
        }
        return log;
    }

    @Test
    void entriesChainFromGenesisAndVerify() {
        InMemoryAuditLog log = logOf(5);
        var first = log.page(0, 1).getFirst();
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(first.at()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
        assertThat(log.page(1, 1).getFirst().prevHash()).isEqualTo(first.hash());
        assertThat(log.verify()).isEqualTo(new AuditVerification.Intact(5));
        assertThat(new InMemoryAuditLog().verify()).isEqualTo(new AuditVerification.Intact(0));
    }

    @Test
    void anEditedFieldBreaksTheChainAtThatEntry() {
        InMemoryAuditLog log = logOf(5);
        log.tamper(2, e -> new AuditEntry(e.seq(), e.at(), "admin", e.action(), e.subject(), e.details(), e.prevHash(), e.hash()));
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(3));
    }

    @Test
    void anEditRehashedByTheEditorStillBreaksAtTheNextLink() {
        InMemoryAuditLog log = logOf(5);
        log.tamper(1, e -> new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.subject(), "nothing happened", e.prevHash(),
                AuditChain.hash(e.seq(), e.at(), e.actor(), e.action(), e.subject(), "nothing happened", e.prevHash())));
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(3));
    }

    @Test
    void removedEntriesAreFoundInTheMiddleAtTheStartAndAtTheEnd() {
        InMemoryAuditLog middle = logOf(5);
        middle.remove(2);
        assertThat(middle.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(3));
        InMemoryAuditLog start = logOf(5);
        start.remove(0);
        assertThat(start.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(1));
        InMemoryAuditLog end = logOf(5);
        end.remove(4);
        assertThat(end.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(5));
    }

    @Test
    void entriesAppendedAfterTheHeadWasReadPassButAResetHeadDoesNot() {
        InMemoryAuditLog log = logOf(3);
        AuditHead before = log.head();
        log.append(new AuditEvent("admin", AuditAction.ADMIN_ACCESS, "cus_9", "later"), T0.plusSeconds(9));
        AuditChain.Verifier live = new AuditChain.Verifier(before);
        log.forEachInOrder(live::accept);
        assertThat(live.result()).isEqualTo(new AuditVerification.Intact(4));
        AuditChain.Verifier reset = new AuditChain.Verifier(AuditHead.EMPTY);
        log.forEachInOrder(reset::accept);
        assertThat(reset.result()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(1));
    }

    @Test
    void aRewrittenTailIsCaughtByTheHead() {
        InMemoryAuditLog log = logOf(5);
        log.tamper(4, e -> new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.subject(), "nothing happened", e.prevHash(),
                AuditChain.hash(e.seq(), e.at(), e.actor(), e.action(), e.subject(), "nothing happened", e.prevHash())));
        assertThat(log.verify()).isInstanceOfSatisfying(AuditVerification.Broken.class, b -> assertThat(b.firstBadSeq()).isEqualTo(5));
    }

    @Test
    void theCanonicalFormSeparatesFieldsUnambiguously() {
        assertThat(AuditChain.canonical(1, T0, "ab", "c", "s", "d")).isNotEqualTo(AuditChain.canonical(1, T0, "a", "bc", "s", "d"));
    }
}
