package dev.tcpstarter.listener.integration;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * The client address one connection is counted for by the listener's address policies
 * ({@link ClientAddresses}): taken when the connection is admitted (at accept, or after
 * its PROXY header behind a trusted proxy), given back once when it ends. Taking and
 * giving back happen on different threads, hence the atomic reference.
 */
final class AddressLease {

	private final ClientAddresses addresses;

	private final AtomicReference<@Nullable InetAddress> counted = new AtomicReference<>();

	AddressLease(ClientAddresses addresses) {
		this.addresses = addresses;
	}

	/**
	 * Admit the connection under the address policies, counting it for {@code client}.
	 * @param client the client address
	 * @return why it is refused, or {@code null} if admitted
	 */
	@Nullable TcpRejectionReason acquire(InetAddress client) {
		TcpRejectionReason refusal = this.addresses.admit(client);
		if (refusal == null) {
			this.counted.set(client);
		}
		return refusal;
	}

	/**
	 * Stop counting the connection for its client address; the first call only.
	 */
	void release() {
		InetAddress client = this.counted.getAndSet(null);
		if (client != null) {
			this.addresses.release(client);
		}
	}

}
