package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ServerSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A {@code TcpNetServerConnectionFactory} whose bind can be awaited, whose accept loop
 * outlives a shortage of file descriptors (see {@link ResilientServerSocket}), and that
 * can stop accepting (closing its server socket, so that new connections are refused and
 * load balancers see the instance as down) while the connections it accepted keep
 * running, then bind the same port again.
 */
final class NetServerConnectionFactory extends TcpNetServerConnectionFactory implements ListenerTransport {

	private final BindState bindState = new BindState();

	private final AcceptFailures acceptFailures;

	private volatile CompletableFuture<Void> acceptLoopEnded = new CompletableFuture<>();

	NetServerConnectionFactory(int port, AcceptFailures acceptFailures) {
		super(port);
		this.acceptFailures = acceptFailures;
	}

	/**
	 * Create a server socket whose accept retries after a failure instead of ending the
	 * accept loop, unless a customizer set a server socket factory of its own.
	 */
	@Override
	protected ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress whichNic)
			throws IOException {
		if (getTcpSocketFactorySupport().getServerSocketFactory() != ServerSocketFactory.getDefault()) {
			return super.createServerSocket(port, backlog, whichNic);
		}
		ResilientServerSocket socket = new ResilientServerSocket(this.acceptFailures);
		try {
			// as the default factory's new ServerSocket(port, backlog, whichNic) binds
			socket.bind(new InetSocketAddress(whichNic, port), Math.abs(backlog));
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	@Override
	public void start() {
		this.bindState.starting();
		this.acceptLoopEnded = new CompletableFuture<>();
		super.start();
	}

	@Override
	public void run() {
		try {
			super.run();
		}
		finally {
			this.bindState.failed(new IllegalStateException("the accept loop ended"));
			this.acceptLoopEnded.complete(null);
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
	public BindState bindState() {
		return this.bindState;
	}

	@Override
	public void forgetClosedConnections() {
		// Spring Integration harvests closed connections when asked for the open ones
		getOpenConnectionIds();
	}

	@Override
	public void stopAccepting(Duration wait) {
		pauseAccepting(wait);
	}

	/**
	 * Close the server socket and wait until the accept loop has ended.
	 * @param wait how long to wait for the accept loop
	 */
	@Override
	public void pauseAccepting(Duration wait) {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket == null || serverSocket.isClosed()) {
			return;
		}
		try {
			serverSocket.close();
		}
		catch (IOException ex) {
			// closed is what we wanted
		}
		try {
			this.acceptLoopEnded.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			this.logger.warn("The accept loop of " + this + " did not end within " + wait.toMillis() + " ms");
		}
	}

	/**
	 * Bind {@code port} again, accept connections, and wait for the bind.
	 */
	@Override
	public void resumeAccepting(String listenerName, int port, Duration wait) {
		setPort(port);
		start();
		bindState().await(listenerName, port, wait);
	}

}
