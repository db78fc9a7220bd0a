package org.openpalm.payments.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for servers a test starts itself (cluster members, whose member list must name
 * their ports before any of them binds). They are taken from 10,000 to 32,767, below Linux's
 * ephemeral range (32,768 to 60,999 by default): there the kernel picks the local port of every
 * outgoing connection (members dialling each other, JDBC, Kafka clients), so a port chosen there
 * can be taken by a connection before the member binds it ("Port [38788] is already in use",
 * seen in a fresh-clone run). Each port of the block is bound once here to check that it is free.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    /** The first port of Linux's default ephemeral range. */
    private static final int EPHEMERAL_FROM = 32_768;
    private static final int ATTEMPTS = 200;

    private FreePorts() {}

    /** The first of {@code count} consecutive ports on 127.0.0.1 that are free now. */
    public static int consecutive(int count) {
        if (count < 1 || count > 100) throw new IllegalArgumentException("count must be 1..100: " + count);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = LOWEST + ThreadLocalRandom.current().nextInt(EPHEMERAL_FROM - LOWEST - count);
            if (allFree(base, count)) return base;
        }
        throw new IllegalStateException("no " + count + " consecutive free ports below " + EPHEMERAL_FROM + " after " + ATTEMPTS + " tries");
    }

    /** {@code each} ports for each of {@code servers} servers, one free block: {@code [server][k]}. */
    public static int[][] perServer(int servers, int each) {
        int base = consecutive(servers * each);
        int[][] ports = new int[servers][each];
        for (int i = 0; i < servers; i++) {
            for (int k = 0; k < each; k++) ports[i][k] = base + i * each + k;
        }
        return ports;
    }

    private static boolean allFree(int base, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = base; port < base + count; port++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a probe socket: nothing to do
                }
            }
        }
    }
}
