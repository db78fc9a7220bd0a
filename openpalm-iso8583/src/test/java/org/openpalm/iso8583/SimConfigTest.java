package org.openpalm.iso8583;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openpalm.iso8583.sim.CardStatus;
import org.openpalm.iso8583.sim.IssuerConfig;
import org.openpalm.iso8583.sim.SimConfig;

class SimConfigTest {
    @Test
    void loadsIssuersAndCardsFromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sim.properties");
        Files.writeString(file, """
                seed=7
                issuer.mybank.declineRatePercent=10
                issuer.mybank.responseDelayMillis=50
                issuer.mybank.dropRatePercent=1
                issuer.down.available=false
                card.4000000000000002=issuer:mybank,expiry:2030-12,balance:100000,currency:EUR,limit:50000,status:BLOCKED
                card.4000000000000911=issuer:down,expiry:2030-12,balance:100
                """);
        SimConfig c = SimConfig.load(file, 0);
        assertThat(c.randomSeed()).isEqualTo(7);
        IssuerConfig mybank = c.issuers().stream().filter(i -> i.name().equals("mybank")).findFirst().orElseThrow();
        assertThat(mybank.declineRatePercent()).isEqualTo(10);
        assertThat(mybank.responseDelayMillis()).isEqualTo(50);
        assertThat(mybank.accounts()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(CardStatus.BLOCKED);
            assertThat(a.perTransactionLimitMinor()).isEqualTo(50_000);
        });
        assertThat(c.issuers().stream().filter(i -> i.name().equals("down")).findFirst().orElseThrow().available()).isFalse();
    }

    @Test
    void refusesBadEntriesWithoutPrintingCardNumbers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sim.properties");
        Files.writeString(file, "card.4000000000000002=issuer:x,expiry:2030-12,balance:lots\n");
        assertThatThrownBy(() -> SimConfig.load(file, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("400000******0002").hasMessageNotContaining("4000000000000002");
        Files.writeString(file, "colour=blue\n");
        assertThatThrownBy(() -> SimConfig.load(file, 0)).hasMessageContaining("unknown key 'colour'");
    }
}
