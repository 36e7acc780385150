package dev.tcpstarter.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Live counters of one {@link TcpClient}, read by metrics. Totals are monotonic and cover
 * every connection the client has opened.
 * <p>
 * The per-frame counters are incremented, without atomic operations, by the one thread
 * that holds the client's read or write side; other threads read them without locking.
 */
public final class TcpClientStatistics {

	/**
	 * Kinds of errors, as counted by {@link #errors(String)}: {@code connect} (refused,
	 * unknown host), {@code tls} (handshake or certificate failures), {@code timeout}
	 * (connect, read or write timeout), {@code closed} (closed or reset by the peer),
	 * {@code frame} (a frame that could not be decoded or encoded) and {@code io} (other
	 * I/O errors).
	 */
	public static final List<String> ERROR_KINDS = List.of("connect", "tls", "timeout", "closed", "frame", "io");

	private final AtomicLong connectionsOpened = new AtomicLong();

	private final AtomicLong connectionsClosed = new AtomicLong();

	private final AtomicLongArray errors = new AtomicLongArray(ERROR_KINDS.size());

	// written under the client's write lock
	private volatile long bytesSent;

	private volatile long framesSent;

	// written under the client's read lock
	private volatile long bytesReceived;

	private volatile long framesReceived;

	TcpClientStatistics() {
	}

	/**
	 * Return the connections opened (connected, and past the TLS handshake) since the
	 * client was built.
	 * @return the count
	 */
	public long connectionsOpened() {
		return this.connectionsOpened.get();
	}

	/**
	 * Return the connections closed since the client was built, whoever closed them.
	 * @return the count
	 */
	public long connectionsClosed() {
		return this.connectionsClosed.get();
	}

	/**
	 * Return the bytes written to the network.
	 * @return the count
	 */
	public long bytesSent() {
		return this.bytesSent;
	}

	/**
	 * Return the bytes read from the network.
	 * @return the count
	 */
	public long bytesReceived() {
		return this.bytesReceived;
	}

	/**
	 * Return the frames written.
	 * @return the count
	 */
	public long framesSent() {
		return this.framesSent;
	}

	/**
	 * Return the frames read by {@link TcpClient#readBytes()},
	 * {@link TcpClient#read(java.time.Duration)} and {@link TcpClient#request(byte[])};
	 * {@link TcpClient#readBytes(int)} counts bytes only.
	 * @return the count
	 */
	public long framesReceived() {
		return this.framesReceived;
	}

	/**
	 * Return the errors of a kind.
	 * @param kind one of {@link #ERROR_KINDS}
	 * @return the count, 0 for an unknown kind
	 */
	public long errors(String kind) {
		int index = ERROR_KINDS.indexOf(kind);
		return (index >= 0) ? this.errors.get(index) : 0;
	}

	void connectionOpened() {
		this.connectionsOpened.incrementAndGet();
	}

	void connectionClosed() {
		this.connectionsClosed.incrementAndGet();
	}

	void sent(long bytes, int frames) {
		this.bytesSent += bytes;
		this.framesSent += frames;
	}

	void received(long bytes, int frames) {
		this.bytesReceived += bytes;
		this.framesReceived += frames;
	}

	void error(String kind) {
		this.errors.incrementAndGet(ERROR_KINDS.indexOf(kind));
	}

	@Override
	public String toString() {
		return "TcpClientStatistics[opened=" + connectionsOpened() + ", closed=" + connectionsClosed() + ", sent="
				+ this.bytesSent + "B/" + this.framesSent + " frames, received=" + this.bytesReceived + "B/"
				+ this.framesReceived + " frames]";
	}

}
