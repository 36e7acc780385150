package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Consumer;

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

/**
 * Everything that happens on an accepted socket before a handler runs, on transport
 * {@code net}: the PROXY protocol header, then the TLS handshake, each bounded by a
 * {@link Deadline} for the whole phase. Whatever goes wrong in a phase (also a
 * {@code RuntimeException} from a TLS provider) ends its deadline, is counted once for
 * that phase and logged, and the caller closes that connection only. Exception messages
 * are logged escaped: a TLS stack quotes the server name the client sent, CR and LF
 * included.
 * <p>
 * A TLS 1.2 renegotiation the client starts later is refused: the connection is closed
 * when it completes (the JDK accepts client-initiated renegotiation unless
 * {@code jdk.tls.rejectClientInitiatedRenegotiation=true}), so that one connection cannot
 * make the server run handshake after handshake.
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
	 * is then admitted under the listener's address policies, before the handshake. A
	 * header that names no IP address (v1 {@code UNKNOWN}, v2 {@code LOCAL},
	 * {@code AF_UNIX}) leaves the peer as the client, and the policies apply to it.
	 * @param socket the accepted socket
	 * @param lease counts the connection for its client address
	 * @param connectionId the connection id, for messages
	 * @param closer closes the connection later, should the client renegotiate TLS
	 * @return the established connection, or {@code null} if it failed or was refused
	 * (already counted and logged)
	 */
	@Nullable Established establish(Socket socket, AddressLease lease, String connectionId, Consumer<CloseReason> closer) {
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
				if (!admitted(lease, connectionId, (proxied != null) ? proxied.getAddress() : peer)) {
					return null;
				}
			}
			Socket transport = socket;
			TcpListenerSsl ssl = definition.ssl();
			if (ssl != null) {
				SSLSocket tls = handshake(socket, unread, ssl);
				if (tls == null) {
					return null;
				}
				unread = NO_BYTES;
				tls.addHandshakeCompletedListener((event) -> refuseRenegotiation(socket, connectionId, closer));
				transport = tls;
			}
			socket.setSoTimeout(idleTimeout);
			return new Established(transport, proxied, unread);
		}
		catch (IOException ex) {
			// setting socket options on a socket the peer has reset
			logger.debug("Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' failed before its handler: " + PeerText.escape(ex.toString()));
			return null;
		}
		catch (RuntimeException ex) {
			// outside the phases, which count their own failures: the connection closes
			// all the same, and the listener keeps serving
			logger.warn("Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' failed before its handler", PeerText.loggable(ex));
			return null;
		}
	}

	/**
	 * Admit the client under the address policies.
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
				() -> proxyHeaderRejected(socket, timedOut, null));
		try {
			ProxyHeader header = ProxyProtocolReader.read(socket.getInputStream(),
					definition.proxyProtocol() == TcpProxyProtocol.REQUIRED);
			return deadline.meet() ? header : null;
		}
		catch (IOException ex) {
			if (deadline.meet()) {
				proxyHeaderRejected(socket, (ex instanceof SocketTimeoutException) ? timedOut : ex.getMessage(), null);
			}
			return null;
		}
		catch (RuntimeException ex) {
			if (deadline.meet()) {
				proxyHeaderRejected(socket, "reading the PROXY protocol header failed", ex);
			}
			return null;
		}
	}

	/**
	 * Count and log a connection refused in its PROXY header: at INFO without a stack
	 * trace, or at WARN with one for an unexpected failure.
	 */
	private void proxyHeaderRejected(Socket socket, @Nullable String reason, @Nullable RuntimeException failure) {
		this.context.statistics().countRejection(TcpRejectionReason.PROXY_PROTOCOL);
		String message = "Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
				+ "' refused: " + PeerText.escape(reason);
		if (failure != null) {
			logger.warn(message, PeerText.loggable(failure));
		}
		else if (logger.isInfoEnabled()) {
			logger.info(message);
		}
	}

	/**
	 * Layer TLS over the socket and complete the handshake within the handshake timeout,
	 * a deadline for the whole handshake.
	 * @return the TLS socket, or {@code null} if the handshake failed (counted and
	 * logged)
	 */
	private @Nullable SSLSocket handshake(Socket socket, byte[] unread, TcpListenerSsl ssl) throws IOException {
		Duration timeout = ssl.handshakeTimeout();
		String timedOut = "it did not complete within " + timeout.toMillis() + " ms (handshake-timeout)";
		socket.setSoTimeout(soTimeout(timeout));
		Deadline deadline = Deadline.start(this.scheduler, timeout, socket,
				() -> handshakeFailed(socket, timedOut, false));
		try {
			SSLSocket tls = TlsSockets.wrap(socket, unread, ssl);
			tls.startHandshake();
			return deadline.meet() ? tls : null;
		}
		catch (IOException ex) {
			if (deadline.meet()) {
				boolean expired = ex instanceof SocketTimeoutException;
				handshakeFailed(socket, expired ? timedOut : ex.getMessage(),
						!expired && ConnectionErrors.isEndOfStream(ex));
			}
			return null;
		}
		catch (RuntimeException ex) {
			// a failure of the TLS stack or of a security provider
			if (deadline.meet()) {
				countHandshakeFailure();
				logger.warn("Connection from " + peer(socket) + " on TCP listener '" + this.context.listenerName()
						+ "' failed before its handler: the TLS handshake failed", PeerText.loggable(ex));
			}
			return null;
		}
	}

	/**
	 * Count and log a failed TLS handshake: at INFO without a stack trace, or at DEBUG
	 * when the peer just went away (port probes, health checks).
	 */
	private void handshakeFailed(Socket socket, @Nullable String reason, boolean peerWentAway) {
		countHandshakeFailure();
		if (peerWentAway ? logger.isDebugEnabled() : logger.isInfoEnabled()) {
			String message = "TLS handshake with " + peer(socket) + " on TCP listener '" + this.context.listenerName()
					+ "' failed, connection closed: " + PeerText.escape(reason);
			if (peerWentAway) {
				logger.debug(message);
			}
			else {
				logger.info(message);
			}
		}
	}

	private void countHandshakeFailure() {
		this.context.statistics().countRejection(TcpRejectionReason.TLS_HANDSHAKE);
		this.context.statistics().countError(TcpErrorKind.TLS);
	}

	/**
	 * A handshake after the first one completed: the client renegotiated (TLS 1.2 and
	 * earlier). Runs on a thread the JDK starts for the notification.
	 */
	private void refuseRenegotiation(Socket socket, String connectionId, Consumer<CloseReason> closer) {
		this.context.statistics().countError(TcpErrorKind.TLS);
		if (logger.isInfoEnabled()) {
			logger.info("Connection " + connectionId + " from " + peer(socket) + " on TCP listener '"
					+ this.context.listenerName() + "' closed: the client renegotiated TLS, which is refused");
		}
		closer.accept(CloseReason.LOCAL);
	}

	private static String peer(Socket socket) {
		InetAddress address = socket.getInetAddress();
		return ((address != null) ? address.getHostAddress() : "?") + ":" + socket.getPort();
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
