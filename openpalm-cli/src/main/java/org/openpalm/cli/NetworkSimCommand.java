package org.openpalm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openpalm.iso8583.Masking;
import org.openpalm.iso8583.sim.AccountConfig;
import org.openpalm.iso8583.sim.IssuerConfig;
import org.openpalm.iso8583.sim.NetworkSimulator;
import org.openpalm.iso8583.sim.SimConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openpalm network-sim}: runs the card-network and issuer simulator until interrupted. */
@Command(
        name = "network-sim",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a simulated card network (ISO 8583, 2-byte length framing) with its token service",
            "and issuers, on the loopback address. Without --config it serves the built-in test cards."
        })
public final class NetworkSimCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one)", defaultValue = "8583")
    int port;

    @Option(names = "--config", description = "Properties file with issuers and cards (see SimConfig)")
    Path config;

    @Option(names = "--clearing", paramLabel = "DIR", defaultValue = "clearing",
            description = "folder for the daily clearing file of each acquirer, for `openpalm ledger reconcile` (default ${DEFAULT-VALUE})")
    Path clearing;

    @Override
    public Integer call() throws Exception {
        SimConfig cfg = config == null ? SimConfig.testCards(port) : SimConfig.load(config, port);
        try (NetworkSimulator sim = NetworkSimulator.start(cfg)) {
            sim.writeClearingTo(clearing);
            System.out.println("network-sim listening on 127.0.0.1:" + sim.port() + "; clearing files in " + clearing.toAbsolutePath());
            for (IssuerConfig issuer : cfg.issuers()) {
                System.out.printf("  issuer %s (available=%s, declineRatePercent=%d, responseDelayMillis=%d, dropRatePercent=%d)%n",
                        issuer.name(), issuer.available(), issuer.declineRatePercent(), issuer.responseDelayMillis(),
                        issuer.dropRatePercent());
                for (AccountConfig a : issuer.accounts()) {
                    // Test cards are public fixtures, but keep the habit: card numbers are masked in output.
                    System.out.printf("    card %s status=%s expiry=%s balance=%d %s%n", Masking.pan(a.card().digits()),
                            a.status(), a.expiry(), a.balance().minorUnits(), a.balance().currency());
                }
            }
            System.out.flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
