package org.openpalm.iso8583.sim;

import java.util.List;
import java.util.Objects;

/**
 * A simulated issuer and how it behaves.
 *
 * @param name                 identifier, used in the config file
 * @param available            false: the network answers 91 issuer unavailable for its cards
 * @param declineRatePercent   share (0..100) of otherwise approvable authorisations declined with 05
 * @param responseDelayMillis  added before each response
 * @param dropRatePercent      share (0..100) of responses processed but never sent (the acquirer times out)
 * @param accounts             its card accounts
 */
public record IssuerConfig(String name, boolean available, int declineRatePercent, long responseDelayMillis,
        int dropRatePercent, List<AccountConfig> accounts) {
    public IssuerConfig {
        Objects.requireNonNull(name, "name");
        percent("declineRatePercent", declineRatePercent);
        percent("dropRatePercent", dropRatePercent);
        if (responseDelayMillis < 0) {
            throw new IllegalArgumentException("responseDelayMillis must not be negative");
        }
        accounts = List.copyOf(accounts);
    }

    private static void percent(String name, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be 0..100, was " + value);
        }
    }
}
