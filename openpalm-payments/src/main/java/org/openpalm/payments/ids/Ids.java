package org.openpalm.payments.ids;

import java.security.SecureRandom;

/** Random identifiers: a type prefix and 26 Crockford base-32 characters (130 bits, 128 random). */
final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 26;

    private Ids() {}

    static String random(String prefix) {
        StringBuilder b = new StringBuilder(prefix.length() + LENGTH).append(prefix);
        for (int i = 0; i < LENGTH; i++) b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        return b.toString();
    }

    /** A stable id derived from {@code seed} (SHA-256): the same seed always gives the same id. */
    static String derived(String prefix, String seed) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder(prefix.length() + LENGTH).append(prefix);
        for (int i = 0; i < LENGTH; i++) {
            int bit = i * 5;
            int v = ((hash[bit / 8] & 0xFF) << 8 | (hash[bit / 8 + 1] & 0xFF)) >> (11 - bit % 8) & 31;
            b.append(ALPHABET[v]);
        }
        return b.toString();
    }

    static boolean wellFormed(String prefix, String text) {
        if (text == null || text.length() != prefix.length() + LENGTH || !text.startsWith(prefix)) return false;
        for (int i = prefix.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u'))) return false;
        }
        return true;
    }
}
