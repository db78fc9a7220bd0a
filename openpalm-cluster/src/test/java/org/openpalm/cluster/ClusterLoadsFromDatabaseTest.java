package org.openpalm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.identify.Identification;
import org.openpalm.payments.ids.EnrolmentId;
import org.openpalm.payments.service.EnrolmentService;
import org.openpalm.payments.testing.PaymentsFixture;
import org.openpalm.store.FileKeyProvider;
import org.openpalm.store.JdbcStorage;
import org.openpalm.store.TestDatabase;

/** A fresh cluster fills itself from the template store: the database stays the record (H2 and PostgreSQL). */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class ClusterLoadsFromDatabaseTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path dir;

    private TestDatabase.Opened opened;

    @AfterEach
    void close() {
        if (opened != null) opened.close();
    }

    @Test
    void aFreshClusterFindsEveryPalmStoredAndNoErasedOne() {
        opened = db.open();
        FileKeyProvider keys = FileKeyProvider.openOrCreate(dir.resolve("keys"));
        PaymentsFixture f = new PaymentsFixture(JdbcStorage.over(opened.database(), keys));
        List<EnrolmentService.EnrolmentOutcome.Enrolled> enrolled = new ArrayList<>();
        for (long n = 1; n <= 8; n++) enrolled.add((EnrolmentService.EnrolmentOutcome.Enrolled) f.enrol(n));
        // Customer 3 withdraws consent before the cluster starts: their palm is deleted from the store.
        f.enrolment.withdrawBiometricConsent(enrolled.get(2).customer().id());

        try (LocalCluster cluster = LocalCluster.start(2, keys.currentProtection(),
                Optional.of(new RepositoryPalmLoader(f.ports.palms(), keys.currentProtection())))) {
            assertThat(cluster.identifier(0).size()).isEqualTo(7);
            for (long n = 1; n <= 8; n++) {
                Identification found = cluster.identifier((int) (n % 2)).identify(PaymentsFixture.probe(n), Optional.empty());
                if (n == 3) {
                    assertThat(found).isInstanceOf(Identification.NotRecognised.class);
                } else {
                    EnrolmentId expected = enrolled.get((int) n - 1).enrolment();
                    assertThat(found).isInstanceOfSatisfying(Identification.Identified.class, i -> assertThat(i.enrolment()).isEqualTo(expected));
                }
            }
        }
    }
}
