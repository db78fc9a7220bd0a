package org.openpalm.cluster;

import java.util.List;

/**
 * Every setting of the clustered gallery, in one place.
 *
 * @param clusterName              members join only a cluster of this name
 * @param host                     the address this member binds and announces (127.0.0.1 for a local cluster)
 * @param port                     this member's cluster port (no auto-increment: the member list names it)
 * @param members                  every member as host:port, this one included: TCP-IP join, no multicast;
 *                                 a majority of this list is needed to identify, enrol or erase
 * @param partitionCount           map partitions; each owned partition is one {@code PalmIndex}
 * @param identifyThreads          search tasks a member runs at once (each scans on all cores)
 * @param identifyTimeoutMillis    the longest a member's part of one search may take
 * @param identifyAttempts         scatters tried before an incomplete coverage becomes a refusal
 * @param identifyRetryDelayMillis pause between scatters while partitions migrate or are rebuilt
 * @param joinTimeoutMillis        how long a starting member waits for a majority of its members
 * @param heartbeatIntervalMillis  member heartbeat period
 * @param memberTimeoutMillis      a member silent this long is removed and its partitions' backups promoted
 */
public record ClusterConfig(
        String clusterName,
        String host,
        int port,
        List<String> members,
        int partitionCount,
        int identifyThreads,
        long identifyTimeoutMillis,
        int identifyAttempts,
        long identifyRetryDelayMillis,
        long joinTimeoutMillis,
        long heartbeatIntervalMillis,
        long memberTimeoutMillis) {

    public ClusterConfig {
        if (clusterName == null || clusterName.isBlank()) throw new IllegalArgumentException("cluster.name is required");
        if (host == null || host.isBlank()) throw new IllegalArgumentException("cluster.host is required");
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("cluster.port must be 1..65535");
        members = List.copyOf(members);
        if (members.isEmpty()) throw new IllegalArgumentException("cluster.members names at least this member");
        for (String m : members) {
            if (!m.matches("[^:\\s]+:[0-9]{1,5}")) throw new IllegalArgumentException("cluster.members: host:port expected, got " + m);
        }
        if (!members.contains(host + ":" + port)) {
            throw new IllegalArgumentException("cluster.members must include this member (" + host + ":" + port + ")");
        }
        if (partitionCount < 1 || partitionCount > 10_000) throw new IllegalArgumentException("cluster.partitionCount 1..10000");
        if (identifyThreads < 1) throw new IllegalArgumentException("cluster.identifyThreads must be positive");
        if (identifyTimeoutMillis < 1 || identifyAttempts < 1 || identifyRetryDelayMillis < 0) {
            throw new IllegalArgumentException("cluster.identify*: positive timeout and attempts, delay >= 0");
        }
        if (joinTimeoutMillis < 0 || heartbeatIntervalMillis < 100 || memberTimeoutMillis < 2 * heartbeatIntervalMillis) {
            throw new IllegalArgumentException("cluster: heartbeat >= 100 ms, member timeout >= 2 heartbeats");
        }
    }

    /**
     * Defaults for a member at {@code host:port} of {@code members}: 271 partitions (Hazelcast's
     * own default, a prime), 20 attempts 100 ms apart (a migrated partition of 10,000 palms is
     * rebuilt in well under a second), member timeout 10 s.
     */
    public static ClusterConfig of(String host, int port, List<String> members) {
        return new ClusterConfig("openpalm", host, port, members, 271, 4, 5_000, 20, 100, 60_000, 1_000, 10_000);
    }

    /** Members needed: more than half of the configured ones. */
    public int majority() {
        return members.size() / 2 + 1;
    }

    public ClusterConfig withClusterName(String name) {
        return new ClusterConfig(name, host, port, members, partitionCount, identifyThreads, identifyTimeoutMillis, identifyAttempts,
                identifyRetryDelayMillis, joinTimeoutMillis, heartbeatIntervalMillis, memberTimeoutMillis);
    }

    public ClusterConfig withPartitionCount(int partitions) {
        return new ClusterConfig(clusterName, host, port, members, partitions, identifyThreads, identifyTimeoutMillis, identifyAttempts,
                identifyRetryDelayMillis, joinTimeoutMillis, heartbeatIntervalMillis, memberTimeoutMillis);
    }
}
