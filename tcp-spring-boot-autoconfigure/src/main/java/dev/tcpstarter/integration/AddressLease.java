package dev.tcpstarter.integration;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * The client address one connection is counted for by the listener's address policies
 * ({@link ClientAddresses}): taken when the connection is admitted (at accept, or after
 * its PROXY header behind a trusted proxy), given back once when it ends. Taking and
 * giving back happen on different threads, and may race: a connection closed while its
 * reader thread admits the address from its PROXY header must not leave the address
 * counted. Giving back is therefore final: a lease given back before it was taken counts
 * nothing.
 */
final class AddressLease {

	// what the lease holds: nothing yet (null), the counted address, or RELEASED for good
	private static final Object RELEASED = new Object();

	private final ClientAddresses addresses;

	private final AtomicReference<@Nullable Object> state = new AtomicReference<>();

	AddressLease(ClientAddresses addresses) {
		this.addresses = addresses;
	}

	/**
	 * Admit the connection under the address policies, counting it for {@code client}. If
	 * the connection has ended meanwhile ({@link #release()} ran first), nothing stays
	 * counted.
	 * @param client the client address
	 * @return why it is refused, or {@code null} if admitted
	 */
	@Nullable TcpRejectionReason acquire(InetAddress client) {
		TcpRejectionReason refusal = this.addresses.admit(client);
		if (refusal == null && !this.state.compareAndSet(null, client)) {
			// released (or, never here, acquired) in between: give the count back
			this.addresses.release(client);
		}
		return refusal;
	}

	/**
	 * Stop counting the connection for its client address; the first call only, and for
	 * good: an {@link #acquire} after it counts nothing.
	 */
	void release() {
		Object counted = this.state.getAndSet(RELEASED);
		if (counted instanceof InetAddress client) {
			this.addresses.release(client);
		}
	}

}
