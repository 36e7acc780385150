package dev.tcpstarter.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.tcpstarter.listener.TcpAddressConnections;
import dev.tcpstarter.listener.TcpConnectionInfo;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * The {@code tcp} actuator endpoint: listeners, their live connections and the client
 * addresses with the most connections, and an operation that closes one connection by id.
 * At most 100 connections are listed per listener, with the count of all of them. Exposed
 * like any endpoint (not over HTTP by default); read-only by default, so closing a
 * connection needs {@code management.endpoint.tcp.access=unrestricted}.
 */
@Endpoint(id = "tcp", defaultAccess = Access.READ_ONLY)
public class TcpEndpoint {

	private static final int BUSIEST_ADDRESSES = 10;

	// a listener may hold 10 000 connections: the endpoint lists
	// a bounded sample, and the count says how many there are
	private static final int LISTED_CONNECTIONS = 100;

	private final TcpListenerRegistry registry;

	/**
	 * Create an endpoint over the listeners of {@code registry}.
	 * @param registry the listener registry
	 */
	public TcpEndpoint(TcpListenerRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Describe every listener and its connections.
	 * @return the listeners
	 */
	@ReadOperation
	public TcpListenersDescriptor listeners() {
		return new TcpListenersDescriptor(this.registry.getServers().stream().map(TcpEndpoint::describe).toList());
	}

	/**
	 * Close one connection.
	 * @param id the connection id
	 * @return whether it was found, keyed {@code closed}
	 */
	@WriteOperation
	public Map<String, Object> closeConnection(@Selector String id) {
		for (TcpServer server : this.registry.getServers()) {
			if (server.closeConnection(id)) {
				return Map.of("id", id, "closed", true);
			}
		}
		return Map.of("id", id, "closed", false);
	}

	private static ListenerDescriptor describe(TcpServer server) {
		TcpListenerDefinition definition = server.definition();
		return new ListenerDescriptor(definition.name(), (definition.host() != null) ? definition.host() : "0.0.0.0",
				server.port(), definition.framing(), definition.isSecure(), definition.transport().name().toLowerCase(),
				List.of(server.serviceName()), server.isListening(), server.activeConnections(),
				server.connections(LISTED_CONNECTIONS), server.busiestAddresses(BUSIEST_ADDRESSES),
				socketOptions(server));
	}

	private static SocketOptionsDescriptor socketOptions(TcpServer server) {
		Optional<TcpSocketOptions> accepted = server.acceptedSocketOptions();
		TcpSocketOptions options = accepted.orElseGet(() -> server.definition().socketOptions());
		return new SocketOptionsDescriptor(accepted.isPresent() ? "accepted-connection" : "configured",
				options.keepAlive(), seconds(options.keepAliveIdle()), seconds(options.keepAliveInterval()),
				options.keepAliveCount(), options.noDelay(), options.receiveBufferSize(), options.sendBufferSize());
	}

	private static @Nullable Long seconds(@Nullable Duration duration) {
		return (duration != null) ? duration.getSeconds() : null;
	}

	/**
	 * The listeners of the application.
	 *
	 * @param listeners the listeners
	 */
	public record TcpListenersDescriptor(List<ListenerDescriptor> listeners) {
	}

	/**
	 * One listener.
	 *
	 * @param name the listener name
	 * @param host the bound address
	 * @param port the bound port
	 * @param framing the framing
	 * @param tls whether TLS is on
	 * @param transport {@code net} or {@code nio}
	 * @param services the services it serves
	 * @param listening whether it accepts connections
	 * @param activeConnections the number of live connections
	 * @param connections some of the live connections (at most 100; activeConnections
	 * counts them all)
	 * @param busiestAddresses the client addresses with the most open connections (at
	 * most 10), most first
	 * @param socketOptions the socket options of its connections
	 */
	public record ListenerDescriptor(String name, String host, int port, String framing, boolean tls, String transport,
			List<String> services, boolean listening, int activeConnections, List<TcpConnectionInfo> connections,
			List<TcpAddressConnections> busiestAddresses, SocketOptionsDescriptor socketOptions) {
	}

	/**
	 * The socket options of a listener's connections: read back from the first connection
	 * it accepted (source {@code accepted-connection}, what the operating system reports,
	 * e.g. Linux reports twice the buffer size set), or, before any connection, as
	 * configured (source {@code configured}, {@code null} for the operating system's
	 * default).
	 *
	 * @param source {@code accepted-connection} or {@code configured}
	 * @param keepAlive whether TCP keepalive probes are sent
	 * @param keepAliveIdle seconds idle before the first probe, or {@code null}
	 * @param keepAliveInterval seconds between probes, or {@code null}
	 * @param keepAliveCount unanswered probes that drop the connection, or {@code null}
	 * @param noDelay whether {@code TCP_NODELAY} is set
	 * @param receiveBufferSize the receive buffer in bytes, or {@code null}
	 * @param sendBufferSize the send buffer in bytes, or {@code null}
	 */
	public record SocketOptionsDescriptor(String source, boolean keepAlive, @Nullable Long keepAliveIdle,
			@Nullable Long keepAliveInterval, @Nullable Integer keepAliveCount, boolean noDelay,
			@Nullable Integer receiveBufferSize, @Nullable Integer sendBufferSize) {
	}

}
