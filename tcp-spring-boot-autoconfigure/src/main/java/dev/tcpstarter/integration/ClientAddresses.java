package dev.tcpstarter.integration;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.listener.TcpAddressConnections;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * The open connections of a listener by client address, and the address policies:
 * {@code allowed-addresses}, {@code denied-addresses} and
 * {@code max-connections-per-address}. The client address is the socket peer, or the
 * PROXY header's source when the peer is a trusted proxy and the header names one: a
 * spoofed header from an untrusted peer is never believed. IPv4 clients are counted per
 * address (also in their IPv4-mapped IPv6 form), IPv6 clients per network of
 * {@code ipv6-address-prefix} bits, since one host commonly owns a whole /64.
 */
final class ClientAddresses {

	private final TcpListenerDefinition definition;

	// open connections per counted address (see TcpListenerDefinition.countedAddress); an
	// entry is
	// removed when its count reaches 0
	private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

	ClientAddresses(TcpListenerDefinition definition) {
		this.definition = definition;
	}

	/**
	 * Admit a connection from a client address and count it, or refuse it.
	 * @param client the client address
	 * @return why it is refused, or {@code null} if it was admitted and counted
	 */
	@Nullable TcpRejectionReason admit(InetAddress client) {
		if (!this.definition.isAllowed(client)) {
			return TcpRejectionReason.ADDRESS;
		}
		int limit = this.definition.maxConnectionsPerAddress();
		boolean[] full = new boolean[1];
		// compute runs atomically per address: the check and the count cannot interleave
		this.open.compute(countedAs(client), (address, count) -> {
			int current = (count != null) ? count : 0;
			if (limit > 0 && current >= limit) {
				full[0] = true;
				return count;
			}
			return current + 1;
		});
		return full[0] ? TcpRejectionReason.MAX_CONNECTIONS_PER_ADDRESS : null;
	}

	/**
	 * Stop counting a connection of an admitted client address.
	 * @param client the client address
	 */
	void release(InetAddress client) {
		this.open.computeIfPresent(countedAs(client), (address, count) -> (count > 1) ? count - 1 : null);
	}

	private InetAddress countedAs(InetAddress client) {
		return this.definition.countedAddress(client);
	}

	/**
	 * Return the client addresses with the most open connections.
	 * @param limit how many at most
	 * @return the addresses, most connections first
	 */
	List<TcpAddressConnections> busiest(int limit) {
		return this.open.entrySet()
			.stream()
			.map((entry) -> new TcpAddressConnections(describe(entry.getKey()), entry.getValue()))
			.sorted(Comparator.comparingInt(TcpAddressConnections::connections).reversed())
			.limit(limit)
			.toList();
	}

	/**
	 * Describe a counted address: an IPv4 address, or an IPv6 network with its prefix
	 * length ({@code 2001:db8:1:2:0:0:0:0/64}).
	 */
	private String describe(InetAddress counted) {
		int prefix = this.definition.ipv6AddressPrefix();
		return (counted.getAddress().length == 16 && prefix < 128) ? counted.getHostAddress() + "/" + prefix
				: counted.getHostAddress();
	}

}
