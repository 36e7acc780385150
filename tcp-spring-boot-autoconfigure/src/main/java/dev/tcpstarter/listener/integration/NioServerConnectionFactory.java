package dev.tcpstarter.listener.integration;

import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/**
 * A {@code TcpNioServerConnectionFactory} whose bind can be awaited, that releases closed
 * connections of a quiet listener and that stops without a spurious error.
 * <p>
 * Spring Integration drops closed connections from its channel map, and the JDK releases
 * the file descriptor of a closed channel, only when the selector loop wakes up. With no
 * idle timeout the loop waits for the next accept or read, however long that takes, so
 * the connections that closed last (a hundred after a burst of short connections) and
 * their sockets stayed until the next client came: the listener's housekeeping calls
 * {@link #wakeUpSelector()} when connections have closed.
 */
final class NioServerConnectionFactory extends TcpNioServerConnectionFactory {

	private final BindState bindState = new BindState();

	// the selector of the accept loop, known from the first accept on
	private volatile @Nullable Selector selector;

	NioServerConnectionFactory(int port) {
		super(port);
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
		super.doAccept(selector, server, now);
	}

	/**
	 * Wake the selector loop, so that it forgets the connections closed since it last
	 * woke up and the JDK releases their sockets.
	 */
	void wakeUpSelector() {
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

	BindState bindState() {
		return this.bindState;
	}

}
