package dev.corojobs.tcp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The open connections by client address, shared by the acceptor and every loop: it applies
 * {@code max-connections-per-address} and {@code max-connections}, and at the cap keeps the connections
 * shared fairly. A newcomer from an address holding at least two fewer connections than the busiest address
 * takes the busiest one's oldest connection instead of being refused, so one client (or a few) at the cap
 * cannot lock everyone else out; each address is left at least an equal share of the cap.
 *
 * <p>IPv6 clients are counted per /64, the block one host is usually given. Addresses are kept in lists by
 * how many connections they hold, so the busiest is found in O(1). Guarded by its own lock: admitting and
 * releasing are short.
 */
final class ClientTable {

    /** What {@link #admit} decided. */
    sealed interface Admission {
    }

    /** Let in; {@code evicted} (or null) lost its place to it and must be closed. */
    record Admitted(HelloConnection evicted) implements Admission {
    }

    record Refused(TcpStats.RejectReason reason) implements Admission {
    }

    private static final Admitted ADMITTED = new Admitted(null);
    private static final Refused FULL = new Refused(TcpStats.RejectReason.LIMIT);
    private static final Refused ADDRESS_FULL = new Refused(TcpStats.RejectReason.ADDRESS_LIMIT);

    /** One client address and its open connections, oldest first. */
    static final class Client {
        final InetAddress address;
        int count;
        HelloConnection oldest;
        HelloConnection newest;
        Client previousOfCount;
        Client nextOfCount;

        Client(InetAddress address) {
            this.address = address;
        }
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<InetAddress, Client> clients = new HashMap<>();
    /** Clients by the number of connections they hold (index 1 up to both limits). */
    private final Client[] byCount;
    private int busiest;
    private int open;

    ClientTable(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.byCount = new Client[Math.min(maxPerAddress, maxConnections) + 1];
    }

    /** Registers {@code connection} from {@code address} if it may open. */
    synchronized Admission admit(HelloConnection connection, InetAddress address) {
        InetAddress key = keyOf(address);
        Client client = clients.get(key);
        int count = client == null ? 0 : client.count;
        if (count >= maxPerAddress) {
            return ADDRESS_FULL;
        }
        HelloConnection evicted = null;
        if (open >= maxConnections) {
            if (busiest <= count + 1) {
                return FULL;
            }
            evicted = byCount[busiest].oldest;
            remove(evicted);
        }
        if (client == null) {
            client = new Client(key);
            clients.put(key, client);
        }
        add(client, connection);
        return evicted == null ? ADMITTED : new Admitted(evicted);
    }

    /** Forgets {@code connection} (it closed); harmless if it was evicted or never admitted. */
    synchronized void release(HelloConnection connection) {
        if (connection.client != null) {
            remove(connection);
        }
    }

    private void add(Client client, HelloConnection connection) {
        connection.client = client;
        connection.newerOfClient = null;
        connection.olderOfClient = client.newest;
        if (client.newest == null) {
            client.oldest = connection;
        } else {
            client.newest.newerOfClient = connection;
        }
        client.newest = connection;
        recount(client, client.count + 1);
        open++;
    }

    private void remove(HelloConnection connection) {
        Client client = connection.client;
        if (connection.olderOfClient == null) {
            client.oldest = connection.newerOfClient;
        } else {
            connection.olderOfClient.newerOfClient = connection.newerOfClient;
        }
        if (connection.newerOfClient == null) {
            client.newest = connection.olderOfClient;
        } else {
            connection.newerOfClient.olderOfClient = connection.olderOfClient;
        }
        connection.olderOfClient = null;
        connection.newerOfClient = null;
        connection.client = null;
        recount(client, client.count - 1);
        if (client.count == 0) {
            clients.remove(client.address);
        }
        open--;
    }

    /** Moves {@code client} to the list of clients holding {@code count} connections. */
    private void recount(Client client, int count) {
        if (client.count > 0) {
            if (client.previousOfCount == null) {
                byCount[client.count] = client.nextOfCount;
            } else {
                client.previousOfCount.nextOfCount = client.nextOfCount;
            }
            if (client.nextOfCount != null) {
                client.nextOfCount.previousOfCount = client.previousOfCount;
            }
        }
        client.count = count;
        client.previousOfCount = null;
        client.nextOfCount = null;
        if (count > 0) {
            Client head = byCount[count];
            client.nextOfCount = head;
            if (head != null) {
                head.previousOfCount = client;
            }
            byCount[count] = client;
        }
        if (count > busiest) {
            busiest = count;
        }
        while (busiest > 0 && byCount[busiest] == null) {
            busiest--;
        }
    }

    /** The address itself, or for IPv6 its /64 prefix. */
    static InetAddress keyOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
