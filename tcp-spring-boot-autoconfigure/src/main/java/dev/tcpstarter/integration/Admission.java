package dev.tcpstarter.integration;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * Decides, at accept, whether a listener takes a connection: not while it is paused or
 * stopping, not beyond {@code max-connections}, not from an address the policies refuse
 * (see {@link ClientAddresses}), and not without a PROXY header from a peer that is not a
 * trusted proxy when one is required. Behind a trusted proxy the client address is known
 * only from the header: the {@link ConnectionEstablisher} admits it then.
 */
final class Admission {

	private final ListenerContext context;

	private final ListenerState state;

	Admission(ListenerContext context, ListenerState state) {
		this.context = context;
		this.state = state;
	}

	/**
	 * Admit a connection just accepted, taking its slot and counting its address, or
	 * refuse it.
	 * @param connection the connection
	 * @return why it is refused, or {@code null} if admitted
	 */
	@Nullable TcpRejectionReason admit(ServerConnection connection) {
		if (!this.state.isAccepting()) {
			return TcpRejectionReason.SHUTDOWN;
		}
		TcpListenerDefinition definition = this.context.definition();
		InetAddress peer = connection.peerAddress();
		boolean trustedProxy = definition.isTrustedProxy(peer);
		if (definition.proxyProtocol() == TcpProxyProtocol.REQUIRED && !trustedProxy) {
			return TcpRejectionReason.PROXY_PROTOCOL;
		}
		if (!trustedProxy) {
			TcpRejectionReason refusal = connection.lease().acquire(peer);
			if (refusal != null) {
				return refusal;
			}
		}
		if (!this.context.statistics().tryOpen(definition.maxConnections())) {
			connection.lease().release();
			return TcpRejectionReason.MAX_CONNECTIONS;
		}
		return null;
	}

	/**
	 * Give back the slot and the address count of a connection that has closed.
	 * @param connection the connection
	 */
	void release(ServerConnection connection) {
		connection.lease().release();
		this.context.statistics().release();
	}

}
