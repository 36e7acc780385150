package dev.tcpstarter.integration;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.Serializer;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpHandlerException;
import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.push.PushRegistry;

/**
 * What the connections of one listener share: its settings and codec, the service's
 * {@code @OnConnect} handler, the observer, the counters, the address policies, the
 * executor that runs their asynchronous work, and the listener's state. Connections and
 * sessions read it; they never call back into the server.
 */
final class ListenerContext {

	private static final Log logger = LogFactory.getLog(ListenerContext.class);

	// a failing @OnBytes without @OnError is logged with its stack trace at
	// most this often per listener: a peer must not be able to flood the log
	private static final long UNHANDLED_LOG_INTERVAL = TimeUnit.MINUTES.toNanos(1);

	private final TcpListenerDefinition definition;

	private final ConnectHandler handler;

	private final Serializer<byte[]> serializer;

	private final @Nullable TcpListenerObserver observer;

	private final ListenerStatistics statistics;

	private final ClientAddresses addresses;

	private final Executor executor;

	private final ListenerState state;

	private final @Nullable PushRegistry pushRegistry;

	private final AtomicLong lastUnhandledLog = new AtomicLong(System.nanoTime() - UNHANDLED_LOG_INTERVAL);

	private final AtomicLong unhandledSinceLog = new AtomicLong();

	ListenerContext(TcpListenerDefinition definition, ConnectHandler handler, Serializer<byte[]> serializer,
			@Nullable TcpListenerObserver observer, ListenerStatistics statistics, Executor executor,
			ListenerState state, @Nullable PushRegistry pushRegistry) {
		this.definition = definition;
		this.handler = handler;
		this.serializer = serializer;
		this.observer = observer;
		this.statistics = statistics;
		this.executor = executor;
		this.state = state;
		this.pushRegistry = pushRegistry;
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

	Serializer<byte[]> serializer() {
		return this.serializer;
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
	 * Return where the connections are registered for push, or {@code null} when they
	 * cannot be pushed to.
	 */
	@Nullable PushRegistry pushRegistry() {
		return this.pushRegistry;
	}

	/**
	 * Return the executor that runs the connections' asynchronous work (queued writes,
	 * reports of failed results): the listener's own, not Spring Integration's.
	 */
	Executor executor() {
		return this.executor;
	}

	/**
	 * Return whether the listener has been closed for good.
	 */
	boolean isClosed() {
		return this.state.isClosed();
	}

	/**
	 * A connection is being closed: count the reasons that are not counted where they are
	 * decided.
	 * @param reason why it closes
	 */
	void closing(CloseReason reason) {
		if (reason == CloseReason.SLOW_PEER) {
			this.statistics.countError(TcpErrorKind.SLOW_PEER);
		}
	}

	/**
	 * Log at INFO that a connection is closed because something did not complete in time.
	 * @param connectionId the connection
	 * @param what what did not complete, such as {@code "a write"}
	 * @param timeout the limit
	 * @param property the property that sets it
	 */
	void logTimeout(String connectionId, String what, Duration timeout, String property) {
		if (logger.isInfoEnabled()) {
			logger.info("Closing connection " + connectionId + " on TCP listener '" + listenerName() + "': " + what
					+ " did not complete within " + timeout.toMillis() + " ms (" + property + ")");
		}
	}

	/**
	 * Return whether a graceful stop is draining the listener.
	 */
	boolean isDraining() {
		return this.state.isDraining();
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
	 * Count a connection that {@code @OnConnect} rejected and log it: at WARN when the
	 * method failed, at DEBUG when it returned {@code null}.
	 * @param connectionId the connection
	 * @param caller the connection's caller, if one was created
	 * @param message why it was rejected
	 * @param failure what {@code @OnConnect} threw, or {@code null}
	 */
	void rejected(String connectionId, @Nullable TcpCaller caller, String message, @Nullable Throwable failure) {
		this.statistics.countRejection(TcpRejectionReason.ON_CONNECT);
		String from = (caller != null) ? " from " + caller.remoteHost() : "";
		String text = "TCP listener '" + listenerName() + "' rejected connection " + connectionId + from + ": "
				+ message;
		if (failure != null) {
			logger.warn(text, failure);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(text);
		}
	}

	/**
	 * Log an error that no {@code @OnError} method handled: at WARN, with the stack trace
	 * of a failed handler at most once a minute (the others at DEBUG, counted in the next
	 * WARN), so that a peer that makes a handler fail on every frame cannot flood the
	 * log.
	 * @param error the error; its message names the connection
	 */
	void logUnhandled(TcpException error) {
		String prefix = "TCP listener '" + listenerName() + "': ";
		if (!(error instanceof TcpHandlerException)) {
			logger.warn(prefix + error.getMessage());
			return;
		}
		long now = System.nanoTime();
		long last = this.lastUnhandledLog.get();
		if (now - last >= UNHANDLED_LOG_INTERVAL && this.lastUnhandledLog.compareAndSet(last, now)) {
			long suppressed = this.unhandledSinceLog.getAndSet(0);
			String note = (suppressed > 0)
					? " (" + suppressed + " more handler failures logged at DEBUG since the last)" : "";
			logger.warn(prefix + error.getMessage() + note
					+ "; add an @OnError method to handle them. Further failures are logged at DEBUG for a minute",
					error.getCause());
		}
		else {
			this.unhandledSinceLog.incrementAndGet();
			if (logger.isDebugEnabled()) {
				logger.debug(prefix + error.getMessage(), error.getCause());
			}
		}
	}

}
