package dev.corojobs.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The client table's decisions, without sockets (the socket-level behaviour is in {@link TcpBudgetTest}). */
class ClientTableTest {

    private static HelloConnection connection() {
        return new HelloConnection(null, null);
    }

    @Test
    void countsIpv6ClientsPerSlash64() throws Exception {
        InetAddress host = ClientTable.keyOf(InetAddress.getByName("2001:db8:0:7::1"));

        assertThat(ClientTable.keyOf(InetAddress.getByName("2001:db8:0:7:ffff:1:2:3"))).isEqualTo(host);
        assertThat(ClientTable.keyOf(InetAddress.getByName("2001:db8:0:8::1"))).isNotEqualTo(host);
        assertThat(ClientTable.keyOf(InetAddress.getByName("192.0.2.7"))).isEqualTo(InetAddress.getByName("192.0.2.7"));
    }

    @Test
    void anIpv6FloodFromOneSlash64HitsOneAddressLimit() throws Exception {
        ClientTable table = new ClientTable(100, 2);

        assertThat(table.admit(connection(), InetAddress.getByName("2001:db8::1"))).isInstanceOf(ClientTable.Admitted.class);
        assertThat(table.admit(connection(), InetAddress.getByName("2001:db8::2"))).isInstanceOf(ClientTable.Admitted.class);
        assertThat(table.admit(connection(), InetAddress.getByName("2001:db8::3")))
                .isEqualTo(new ClientTable.Refused(TcpStats.RejectReason.ADDRESS_LIMIT));
        assertThat(table.admit(connection(), InetAddress.getByName("2001:db8:1::1"))).isInstanceOf(ClientTable.Admitted.class);
    }

    @Test
    void atTheCapTheBusiestAddressGivesUpItsOldestAndARefusedOneFreesNothing() throws Exception {
        ClientTable table = new ClientTable(3, 10);
        InetAddress busy = InetAddress.getByName("192.0.2.1");
        HelloConnection oldest = connection();
        table.admit(oldest, busy);
        table.admit(connection(), busy);
        table.admit(connection(), busy);

        assertThat(table.admit(connection(), busy)).isEqualTo(new ClientTable.Refused(TcpStats.RejectReason.LIMIT));
        HelloConnection newcomer = connection();
        assertThat(table.admit(newcomer, InetAddress.getByName("192.0.2.2"))).isEqualTo(new ClientTable.Admitted(oldest));
        assertThat(oldest.client).isNull();
        // two addresses at 2 and 1: the one holding 1 may not take from the one holding 2
        assertThat(table.admit(connection(), InetAddress.getByName("192.0.2.2")))
                .isEqualTo(new ClientTable.Refused(TcpStats.RejectReason.LIMIT));

        table.release(oldest);
        table.release(newcomer);
        assertThat(table.admit(connection(), InetAddress.getByName("192.0.2.3"))).isEqualTo(new ClientTable.Admitted(null));
    }
}
