package dev.tcpstarter.integration;

import java.time.Duration;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/**
 * A {@code TcpNioServerConnectionFactory} whose bind can be awaited, whose selector loop
 * outlives a shortage of file descriptors, that releases closed connections of a quiet
 * listener and that stops without a spurious error.
 * <p>
 * When an accept fails (the process is out of file descriptors), Spring Integration logs
 * an error and selects again; the connection waiting in the accept queue makes the
 * selector return at once, so the loop spins and logs as fast as it can. Here the accept
 * interest is dropped for a back-off (see {@link AcceptFailures}) while reads go on, and
 * restored by the scheduler.
 * <p>
 * Spring Integration drops closed connections from its channel map, and the JDK releases
 * the file descriptor of a closed channel, only when the selector loop wakes up. With no
 * idle timeout the loop waits for the next accept or read, however long that takes, so
 * the connections that closed last (a hundred after a burst of short connections) and
 * their sockets stayed until the next client came: the listener's housekeeping calls
 * {@link #forgetClosedConnections()} when connections have closed.
 */
final class NioServerConnectionFactory extends TcpNioServerConnectionFactory implements ListenerTransport {

	private final BindState bindState = new BindState();

	private final AcceptFailures acceptFailures;

	// the selector of the accept loop, known from the first accept on
	private volatile @Nullable Selector selector;

	NioServerConnectionFactory(int port, AcceptFailures acceptFailures) {
		super(port);
		this.acceptFailures = acceptFailures;
	}

	@Override
	public void start() {
		this.bindState.starting();
		super.start();
	}

	/**
	 * Mark the factory inactive before Spring Integration closes its selector, so that
	 * the selector loop ends quietly instead of reporting the closed selector as an
	 * error.
	 */
	@Override
	public void stop() {
		setActive(false);
		super.stop();
	}

	@Override
	protected void doAccept(Selector selector, ServerSocketChannel server, long now) {
		this.selector = selector;
		try {
			super.doAccept(selector, server, now);
			this.acceptFailures.accepted();
		}
		catch (UncheckedIOException ex) {
			// Spring Integration wraps what ServerSocketChannel.accept() threw
			if (!server.isOpen() || !isActive()) {
				throw ex;
			}
			pauseAccepting(selector, server, this.acceptFailures.failed(ex));
		}
	}

	/**
	 * Stop selecting the server channel for accepts for a while; reads go on.
	 */
	private void pauseAccepting(Selector selector, ServerSocketChannel server, long millis) {
		SelectionKey key = server.keyFor(selector);
		if (key == null || !key.isValid()) {
			return;
		}
		key.interestOps(0);
		try {
			getTaskScheduler().schedule(() -> resumeAccepting(selector, key), Instant.now().plusMillis(millis));
		}
		catch (RuntimeException ex) {
			// the scheduler is shutting down: select for accepts again at once
			resumeAccepting(selector, key);
		}
	}

	private static void resumeAccepting(Selector selector, SelectionKey key) {
		try {
			// an interest set from another thread applies at the next select
			key.interestOps(SelectionKey.OP_ACCEPT);
			selector.wakeup();
		}
		catch (CancelledKeyException ex) {
			// the listener has stopped
		}
	}

	/**
	 * Forget closed connections, and wake the selector loop, so that it forgets those
	 * closed since it last woke up and the JDK releases their sockets.
	 */
	@Override
	public void forgetClosedConnections() {
		getOpenConnectionIds();
		Selector selector = this.selector;
		if (selector != null) {
			selector.wakeup();
		}
	}

	@Override
	protected void setListening(boolean listening) {
		super.setListening(listening);
		if (listening) {
			this.bindState.listening(getPort());
		}
	}

	@Override
	protected void publishServerExceptionEvent(Exception ex) {
		this.bindState.failed(ex);
		super.publishServerExceptionEvent(ex);
	}

	@Override
	public void pauseAccepting(Duration wait) {
		// the port stays bound: the paused listener refuses what the selector accepts
	}

	@Override
	public void resumeAccepting(String listenerName, int port, Duration wait) {
		// still bound
	}

	@Override
	public void stopAccepting(Duration wait) {
		beforeShutdown();
	}

	@Override
	public BindState bindState() {
		return this.bindState;
	}

}
