package org.openpalm.iso8583.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openpalm.iso8583.CardNumber;
import org.openpalm.iso8583.Luhn;
import org.openpalm.iso8583.NetworkToken;
import org.openpalm.iso8583.PaymentAccountReference;

/**
 * The network's token vault: card number to network token and payment account reference (PAR), and
 * back. Tokens are derived from the card number with a keyed hash, so they survive a restart of the
 * simulator; they start with the token range 489537 and carry a Luhn check digit.
 */
public final class TokenService {
    public static final String TOKEN_RANGE = "489537";

    private final byte[] key;
    private final Map<String, CardNumber> vault = new ConcurrentHashMap<>();

    public TokenService(long secret) {
        this.key = Long.toString(secret).getBytes(StandardCharsets.US_ASCII);
    }

    public record Tokenised(NetworkToken token, PaymentAccountReference par) {}

    public Tokenised tokenise(CardNumber card) {
        byte[] h = hash("token", card.digits());
        StringBuilder body = new StringBuilder(TOKEN_RANGE);
        for (int i = 0; body.length() < 15; i++) {
            body.append(Math.floorMod(h[i], 10));
        }
        NetworkToken token = new NetworkToken(body.toString() + Luhn.checkDigit(body.toString()));
        vault.put(token.digits(), card);
        byte[] p = hash("par", card.digits());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder par = new StringBuilder("Q1");
        for (int i = 0; par.length() < 29; i++) {
            par.append(alphabet.charAt(Math.floorMod(p[i], alphabet.length())));
        }
        return new Tokenised(token, new PaymentAccountReference(par.toString()));
    }

    public Optional<CardNumber> detokenise(NetworkToken token) {
        return Optional.ofNullable(vault.get(token.digits()));
    }

    private byte[] hash(String purpose, String digits) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(key);
            md.update(purpose.getBytes(StandardCharsets.US_ASCII));
            return md.digest(digits.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
