package dev.tcpstarter.integration;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpException;

/**
 * Where the frames that arrive on one {@link ClientChannel} go: on the reader thread, it
 * reads each frame, completes the request it answers ({@link ClientRequests}) and hands
 * any other frame to the client-side service's session, or to the {@link ReadQueue} that
 * blocking reads take from; at the end it tells the session.
 * <p>
 * <b>Locks and threads.</b> {@code streamLock} guards the input stream while callers read
 * it on their own thread ({@link ClientReader}), before the channel pipelines; the reader
 * thread takes and releases it once before its first read ({@link #awaitCallerRead()}),
 * and from then on it alone reads the stream, without a lock. No lock is held here while
 * a request is completed or the session runs.
 */
final class ClientInbound {

	private final ClientConnection connection;

	private final ClientStatistics statistics;

	private final ClientRequests requests;

	private final ReadQueue unsolicited = new ReadQueue();

	private final ReentrantLock streamLock = new ReentrantLock();

	// set once, before the reader thread starts and before the channel is handed out
	private ClientSessions.@Nullable Session session;

	ClientInbound(ClientConnection connection, ClientStatistics statistics, ClientRequests requests) {
		this.connection = connection;
		this.statistics = statistics;
		this.requests = requests;
	}

	/**
	 * Hand the unsolicited frames to a client-side service's session instead of the
	 * queue.
	 * @param session the session
	 */
	void attach(ClientSessions.Session session) {
		this.session = session;
	}

	boolean hasSession() {
		return this.session != null;
	}

	ReentrantLock streamLock() {
		return this.streamLock;
	}

	ReadQueue unsolicited() {
		return this.unsolicited;
	}

	/**
	 * On the reader thread, before its first read: wait for a blocking read that a caller
	 * started before pipelining began to end.
	 */
	void awaitCallerRead() {
		this.streamLock.lock();
		this.streamLock.unlock();
	}

	/**
	 * On the reader thread: read the next frame and deliver it, to the request it answers
	 * or as unsolicited.
	 * @throws IOException if the read fails (a {@link RuntimeException} too)
	 */
	void receive() throws IOException {
		long receivedBefore = this.connection.bytesReceived();
		byte[] frame;
		try {
			frame = this.connection.readFrame(0);
		}
		finally {
			this.statistics.received(this.connection.bytesReceived() - receivedBefore, 0);
		}
		this.statistics.received(0, 1);
		PendingRequest request = this.requests.answeredBy(frame);
		if (request != null) {
			request.answer(frame);
			return;
		}
		this.statistics.unsolicited();
		ClientSessions.Session current = this.session;
		if (current != null) {
			current.frameDecoded(frame);
		}
		else {
			this.unsolicited.offer(frame);
		}
	}

	/**
	 * Wake the blocking reads waiting for an unsolicited frame, as the channel closes;
	 * frames already queued are still read first.
	 * @param error why the channel closed
	 */
	void close(TcpException error) {
		this.unsolicited.close(error);
	}

	/**
	 * On the reader thread, once its loop ended: tell the session, if any, that the
	 * channel ended.
	 * @param error why the channel closed, {@code null} if it did not
	 * @param reportable whether the service's {@code @OnError} should hear of it
	 */
	void endSession(@Nullable TcpException error, boolean reportable) {
		ClientSessions.Session current = this.session;
		if (current == null) {
			return;
		}
		try {
			if (error != null && reportable) {
				current.failed(error);
			}
		}
		finally {
			current.closed();
		}
	}

}
