package dev.tcpstarter.listener.integration;

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
 * PROXY header's source when the peer is a trusted proxy: the balancer's own address is
 * never counted, and a spoofed header from an untrusted peer is never believed.
 */
final class ClientAddresses {

	private final TcpListenerDefinition definition;

	// open connections per client address; an entry is removed when its count reaches 0
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
		this.open.compute(client, (address, count) -> {
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
		this.open.computeIfPresent(client, (address, count) -> (count > 1) ? count - 1 : null);
	}

	/**
	 * Return the client addresses with the most open connections.
	 * @param limit how many at most
	 * @return the addresses, most connections first
	 */
	List<TcpAddressConnections> busiest(int limit) {
		return this.open.entrySet()
			.stream()
			.map((entry) -> new TcpAddressConnections(entry.getKey().getHostAddress(), entry.getValue()))
			.sorted(Comparator.comparingInt(TcpAddressConnections::connections).reversed())
			.limit(limit)
			.toList();
	}

}
