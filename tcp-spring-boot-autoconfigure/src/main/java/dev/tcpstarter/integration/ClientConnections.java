package dev.tcpstarter.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientStatistics;

/**
 * The connections of one {@link TcpClient}, which the client delegates to: its
 * {@link ConnectionPool}, the blocking reads of its first connection, its
 * {@link ClientStatistics}, and the service its connections are handed to, if any.
 * <p>
 * Public only because {@code TcpClient}, in {@code dev.tcpstarter.client}, runs on it:
 * not for applications.
 */
public final class ClientConnections {

	// set once, by TcpClient's static initializer: how the engine reaches the connections
	// of a client (to attach a client-side service) without a public method on TcpClient
	private static volatile @Nullable Function<TcpClient, ClientConnections> clientAccess;

	private final ClientSettings settings;

	private final ClientStatistics statistics = new ClientStatistics();

	private final ConnectionPool pool;

	/**
	 * Create the connections of a client; none is opened yet.
	 * @param settings the client's settings
	 */
	public ClientConnections(ClientSettings settings) {
		this.settings = settings;
		this.pool = new ConnectionPool(settings, this.statistics, null);
	}

	/**
	 * Let the engine reach the connections of a {@link TcpClient}: called once, by the
	 * static initializer of {@code TcpClient}. Not for applications.
	 * @param access returns the connections of a client
	 * @throws IllegalStateException if called a second time
	 */
	public static void setClientAccess(Function<TcpClient, ClientConnections> access) {
		synchronized (ClientConnections.class) {
			Assert.state(clientAccess == null, "The access to the connections of a TcpClient is set already");
			clientAccess = access;
		}
	}

	/**
	 * Return the connections of a client.
	 */
	static ClientConnections of(TcpClient client) {
		Function<TcpClient, ClientConnections> access = clientAccess;
		// set when TcpClient was initialized, which it is once an instance exists
		Assert.state(access != null, "TcpClient is not initialized");
		return access.apply(client);
	}

	/**
	 * Return the counters of the client.
	 * @return the statistics
	 */
	public TcpClientStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Return whether a connection is open.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		return this.pool.isConnected();
	}

	/**
	 * Return the failure of the last attempt to connect, while no connection is open and
	 * none succeeded since.
	 * @return the failure, or {@code null}
	 */
	public @Nullable TcpException lastConnectFailure() {
		return this.pool.lastConnectFailure();
	}

	/**
	 * Return when the next background attempt to connect is due.
	 * @return the time, or {@code null} if none is scheduled
	 */
	public @Nullable Instant nextConnectAttempt() {
		return this.pool.nextConnectAttempt();
	}

	/**
	 * Return the number of requests waiting for their answers, on all connections.
	 * @return the count
	 */
	public int pendingRequests() {
		return this.pool.pendingRequests();
	}

	/**
	 * Return the TLS session of the first connection.
	 * @return the session, or {@code null} when not connected or not using TLS
	 */
	public @Nullable SSLSession sslSession() {
		ClientChannel current = primaryIfOpen();
		return (current != null) ? current.connection().getSslSession() : null;
	}

	@Nullable ClientChannel primaryIfOpen() {
		return this.pool.primaryIfOpen();
	}

	/**
	 * Hand the connections opened from now on to a service.
	 * @param sessions the service
	 * @throws IllegalStateException if there is a service already or a connection is open
	 */
	void attach(ClientSessions sessions) {
		this.pool.attach(sessions);
	}

	/**
	 * Return whether a service receives the connections.
	 * @return {@code true} with a service
	 */
	public boolean hasService() {
		return this.pool.hasSessions();
	}

	/**
	 * Open every connection that is not open.
	 * @throws TcpException the first failure, after every connection was tried
	 */
	public void connect() {
		this.pool.connect();
	}

	/**
	 * Write a request on the least loaded connection and return the future of its answer.
	 * @param frame the request payload
	 * @return the answer, or a future failed with the exception that ended the request
	 */
	public CompletableFuture<byte[]> requestAsync(byte[] frame) {
		try {
			// a channel that closed just after it was chosen (such as after an in-order
			// timeout) took nothing: choose again
			for (int attempt = 0; attempt < 3; attempt++) {
				CompletableFuture<byte[]> answer = this.pool.forRequest().request(frame);
				if (answer != null) {
					return answer;
				}
			}
			throw new TcpConnectionException("Request not written to " + this.settings.target()
					+ ": every connection closed as the request was about to be written", null);
		}
		catch (TcpException ex) {
			this.statistics.requestEnded(2, 0);
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Return whether a thread is the reader thread of one of the connections.
	 * @param thread the thread
	 * @return {@code true} if it is
	 */
	public boolean isReaderThread(Thread thread) {
		return this.pool.isReaderThread(thread);
	}

	/**
	 * Write one frame on the first connection, opening it if needed.
	 * @param frame the frame payload
	 * @throws TcpException if the write fails
	 */
	public void write(byte[] frame) {
		this.pool.primary().write(frame);
	}

	/**
	 * Read the next frame of the first connection.
	 * @param timeout how long to wait in total; zero waits without limit
	 * @return the frame payload
	 * @throws TcpException if the read fails or times out
	 */
	public byte[] read(Duration timeout) {
		return new ClientReader(this.pool.primaryForRead(), this.settings, this.statistics).readFrame(timeout);
	}

	/**
	 * Read exactly {@code length} bytes of the first connection's stream.
	 * @param length the number of bytes
	 * @return the bytes
	 * @throws TcpException if the read fails or times out
	 */
	public byte[] readExactly(int length) {
		return new ClientReader(this.pool.primaryForRead(), this.settings, this.statistics).readExactly(length);
	}

	/**
	 * Close every connection: pending requests fail, blocked operations end.
	 */
	public void close() {
		this.pool.close();
	}

	/**
	 * Return the states of the connections, for {@code TcpClient.toString()}.
	 * @return the states, comma-separated
	 */
	public String states() {
		return this.pool.states();
	}

}
