package dev.tcpstarter.integration;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpRejectionReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client address of one connection is counted at most once and given back once,
 * whichever comes first.
 */
class AddressLeaseTests {

	private final ClientAddresses addresses = new ClientAddresses(
			TcpListenerDefinition.builder("main", 0).maxConnectionsPerAddress(1).build());

	@Test
	void shouldCountAnAdmittedClientUntilReleased() throws UnknownHostException {
		AddressLease lease = new AddressLease(this.addresses);
		assertThat(lease.acquire(InetAddress.getByName("203.0.113.7"))).isNull();
		assertThat(this.addresses.busiest(10)).hasSize(1);
		assertThat(new AddressLease(this.addresses).acquire(InetAddress.getByName("203.0.113.7")))
			.isEqualTo(TcpRejectionReason.MAX_CONNECTIONS_PER_ADDRESS);
		lease.release();
		lease.release();
		assertThat(this.addresses.busiest(10)).isEmpty();
	}

	@Test
	void shouldNotCountAClientAdmittedAfterItsConnectionEnded() throws UnknownHostException {
		AddressLease lease = new AddressLease(this.addresses);
		// the connection closed while its PROXY header was being read
		lease.release();
		lease.acquire(InetAddress.getByName("203.0.113.7"));
		assertThat(this.addresses.busiest(10)).isEmpty();
		assertThat(new AddressLease(this.addresses).acquire(InetAddress.getByName("203.0.113.7"))).isNull();
	}

}
