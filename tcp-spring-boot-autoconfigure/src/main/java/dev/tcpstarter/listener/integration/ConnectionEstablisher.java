package dev.tcpstarter.listener.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerSsl;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.proxy.ProxyHeader;
import dev.tcpstarter.proxy.ProxyProtocolReader;

/**
 * Everything that happens on an accepted socket before a handler runs, on transport
 * {@code net}: the PROXY protocol header, then the TLS handshake, each bounded by a
 * {@link Deadline} for the whole phase. Whatever goes wrong (also a
 * {@code RuntimeException} from the TLS stack) is counted and logged, and the caller
 * closes that connection only.
 */
final class ConnectionEstablisher {

	private static final Log logger = LogFactory.getLog(ConnectionEstablisher.class);

	private static final byte[] NO_BYTES = {};

	private final ListenerContext context;

	private final TaskScheduler scheduler;

	ConnectionEstablisher(ListenerContext context, TaskScheduler scheduler) {
		this.context = context;
		this.scheduler = scheduler;
	}

	/**
	 * Read the PROXY header and complete the TLS handshake, as the listener is
	 * configured. A header is read only from a trusted proxy; the client address it names
	 * is then admitted under the listener's address policies, before the handshake.
	 * @param socket the accepted socket
	 * @param lease counts the connection for its client address
	 * @param connectionId the connection id, for messages
	 * @return the established connection, or {@code null} if it failed or was refused
	 * (already counted and logged)
	 */
	@Nullable Established establish(Socket socket, AddressLease lease, String connectionId) {
		TcpListenerDefinition definition = this.context.definition();
		try {
			int idleTimeout = socket.getSoTimeout();
			InetSocketAddress proxied = null;
			byte[] unread = NO_BYTES;
			InetAddress peer = socket.getInetAddress();
			if (definition.isTrustedProxy(peer)) {
				ProxyHeader header = readProxyHeader(socket, definition);
				if (header == null) {
					return null;
				}
				proxied = header.source();
				unread = header.unread();
				// without a header the peer is the client; a header
				// without an address is the balancer's own connection
				// (a health check), which no address policy counts
				InetAddress client = (proxied != null) ? proxied.getAddress() : header.present() ? null : peer;
				if (client != null && !admitted(lease, connectionId, client)) {
					return null;
				}
			}
			Socket transport = socket;
			TcpListenerSsl ssl = definition.ssl();
			if (ssl != null) {
				SSLSocket tls = TlsSockets.wrap(socket, unread, ssl);
				unread = NO_BYTES;
				if (!handshake(socket, tls, ssl)) {
					return null;
				}
				transport = tls;
			}
			socket.setSoTimeout(idleTimeout);
			return new Established(transport, proxied, unread);
		}
		catch (IOException ex) {
			// setting socket options on a socket the peer has reset
			logger.debug("Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' failed before its handler: " + ex);
			return null;
		}
		catch (RuntimeException ex) {
			// a failure of the TLS stack or of a security provider: the
			// connection closes all the same, and the listener keeps serving
			this.context.statistics().countRejection(TcpRejectionReason.TLS_HANDSHAKE);
			logger.warn("Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' failed before its handler", ex);
			return null;
		}
	}

	/**
	 * Admit the client named by the PROXY header under the address policies.
	 */
	private boolean admitted(AddressLease lease, String connectionId, InetAddress client) {
		TcpRejectionReason refusal = lease.acquire(client);
		if (refusal != null) {
			this.context.refused(refusal, connectionId, client);
		}
		return refusal == null;
	}

	private @Nullable ProxyHeader readProxyHeader(Socket socket, TcpListenerDefinition definition) throws IOException {
		Duration timeout = definition.proxyProtocolTimeout();
		String timedOut = "the PROXY protocol header was not complete within " + timeout.toMillis()
				+ " ms (proxy-protocol-timeout)";
		socket.setSoTimeout(soTimeout(timeout));
		Deadline deadline = Deadline.start(this.scheduler, timeout, socket,
				() -> proxyHeaderRejected(socket, timedOut));
		try {
			ProxyHeader header = ProxyProtocolReader.read(socket.getInputStream(),
					definition.proxyProtocol() == TcpProxyProtocol.REQUIRED);
			return deadline.meet() ? header : null;
		}
		catch (IOException ex) {
			if (deadline.meet()) {
				proxyHeaderRejected(socket,
						(ex instanceof SocketTimeoutException) ? timedOut : String.valueOf(ex.getMessage()));
			}
			return null;
		}
	}

	private void proxyHeaderRejected(Socket socket, String reason) {
		this.context.statistics().countRejection(TcpRejectionReason.PROXY_PROTOCOL);
		if (logger.isInfoEnabled()) {
			logger.info("Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' refused: " + reason);
		}
	}

	/**
	 * Complete the TLS handshake within the handshake timeout, a deadline for the whole
	 * handshake.
	 */
	private boolean handshake(Socket socket, SSLSocket tls, TcpListenerSsl ssl) throws IOException {
		Duration timeout = ssl.handshakeTimeout();
		String timedOut = "it did not complete within " + timeout.toMillis() + " ms (handshake-timeout)";
		socket.setSoTimeout(soTimeout(timeout));
		Deadline deadline = Deadline.start(this.scheduler, timeout, socket,
				() -> handshakeFailed(socket, timedOut, false));
		try {
			tls.startHandshake();
			return deadline.meet();
		}
		catch (IOException ex) {
			if (deadline.meet()) {
				boolean expired = ex instanceof SocketTimeoutException;
				handshakeFailed(socket, expired ? timedOut : String.valueOf(ex.getMessage()),
						!expired && ConnectionErrors.isEndOfStream(ex));
			}
			return false;
		}
	}

	/**
	 * Count and log a failed TLS handshake: at INFO without a stack trace, or at DEBUG
	 * when the peer just went away (port probes, health checks).
	 */
	private void handshakeFailed(Socket socket, String reason, boolean peerWentAway) {
		this.context.statistics().countRejection(TcpRejectionReason.TLS_HANDSHAKE);
		this.context.statistics().countError(TcpErrorKind.TLS);
		if (peerWentAway ? logger.isDebugEnabled() : logger.isInfoEnabled()) {
			String message = "TLS handshake with " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' failed, connection closed: " + reason;
			if (peerWentAway) {
				logger.debug(message);
			}
			else {
				logger.info(message);
			}
		}
	}

	private static String peer(Socket socket) {
		return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
	}

	private static int soTimeout(Duration timeout) {
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
	}

	/**
	 * A connection ready for its handler.
	 *
	 * @param transport the socket frames are read from and written to: the accepted one,
	 * or the TLS socket layered over it
	 * @param proxied the original client named by a PROXY header, or {@code null}
	 * @param unread bytes read while looking for a PROXY header that belong to the data
	 */
	record Established(Socket transport, @Nullable InetSocketAddress proxied, byte[] unread) {
	}

}
