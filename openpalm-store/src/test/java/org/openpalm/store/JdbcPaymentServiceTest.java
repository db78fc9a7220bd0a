package org.openpalm.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.openpalm.payments.service.PaymentServiceTest;
import org.openpalm.payments.testing.PaymentsFixture;

/** Every payment use-case test of openpalm-payments, over the JDBC store on H2 and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@MethodSource("org.openpalm.store.TestDatabase#all")
class JdbcPaymentServiceTest extends PaymentServiceTest {
    @Parameter
    TestDatabase db;

    @TempDir
    Path keys;

    private TestDatabase.Opened opened;

    @Override
    protected PaymentsFixture newFixture() {
        opened = db.open();
        return new PaymentsFixture(JdbcStorage.over(opened.database(), FileKeyProvider.openOrCreate(keys.resolve("keys"))));
    }

    @Override
    protected void tearDownFixture() {
        if (opened != null) opened.close();
    }
}
