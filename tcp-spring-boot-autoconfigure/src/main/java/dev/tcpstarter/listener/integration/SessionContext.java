package dev.tcpstarter.listener.integration;

import java.net.InetAddress;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.handler.ConnectHandler;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * What the connections of one listener share: its settings, the service's
 * {@code @OnConnect} handler, the observer, the counters, and whether a graceful stop is
 * draining the listener. Sessions and connections read it; they never call back into the
 * listener.
 */
final class SessionContext {

	private static final Log logger = LogFactory.getLog(SessionContext.class);

	private final TcpListenerDefinition definition;

	private final ConnectHandler handler;

	private final @Nullable TcpListenerObserver observer;

	private final ListenerStatistics statistics;

	private final ClientAddresses addresses;

	private volatile boolean draining;

	SessionContext(TcpListenerDefinition definition, ConnectHandler handler, @Nullable TcpListenerObserver observer,
			ListenerStatistics statistics) {
		this.definition = definition;
		this.handler = handler;
		this.observer = observer;
		this.statistics = statistics;
		this.addresses = new ClientAddresses(definition);
	}

	TcpListenerDefinition definition() {
		return this.definition;
	}

	String listenerName() {
		return this.definition.name();
	}

	ConnectHandler handler() {
		return this.handler;
	}

	@Nullable TcpListenerObserver observer() {
		return this.observer;
	}

	ListenerStatistics statistics() {
		return this.statistics;
	}

	ClientAddresses addresses() {
		return this.addresses;
	}

	/**
	 * Count a connection refused before its handler, and log it at DEBUG.
	 * @param reason why
	 * @param connectionId the connection
	 * @param client the client address
	 */
	void refused(TcpRejectionReason reason, String connectionId, InetAddress client) {
		this.statistics.countRejection(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("TCP listener '" + listenerName() + "' refused connection " + connectionId + " from "
					+ client.getHostAddress() + ": " + reason.tagValue());
		}
	}

	/**
	 * Mark the listener as draining: from now on each session closes itself as soon as it
	 * has handled all it received.
	 */
	void startDraining() {
		this.draining = true;
	}

	boolean isDraining() {
		return this.draining;
	}

}
