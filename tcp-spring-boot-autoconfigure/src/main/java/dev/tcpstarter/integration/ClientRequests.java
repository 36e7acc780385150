package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpCorrelation;

/**
 * The requests in flight on one {@link ClientChannel}: creates each with its correlation
 * key and deadline, admits it to the {@link PendingRequests} or fails it with why not,
 * matches each frame read to the request it answers, expires the requests whose deadline
 * passed and fails those left when the channel closes, with the message for each of these
 * ends.
 * <p>
 * <b>Threading.</b> Used by the requesting threads (a request is added and removed under
 * the channel's write lock, so that pending order is write order), the reader thread
 * (matching answers), the shared timer thread (expiring) and the thread that closes the
 * channel. It has no lock of its own: the {@link PendingRequests}' lock guards the
 * requests, and it is never held while a request is completed (which runs the caller's
 * callbacks) nor while the correlation (user code) runs.
 */
final class ClientRequests {

	private static final Log logger = LogFactory.getLog(TcpClient.class);

	private final ClientSettings settings;

	private final ClientStatistics statistics;

	private final PendingRequests pending;

	ClientRequests(ClientSettings settings, ClientStatistics statistics) {
		this.settings = settings;
		this.statistics = statistics;
		this.pending = new PendingRequests(settings.correlation() != null, settings.maxPendingRequests());
	}

	int size() {
		return this.pending.size();
	}

	boolean isFull() {
		return this.pending.isFull();
	}

	/**
	 * Create the request of a frame, not yet added: its key is taken from the frame here,
	 * outside the write lock, because the correlation is user code.
	 * @param frame the request
	 * @return the request, its deadline the read timeout from now
	 */
	PendingRequest create(byte[] frame) {
		TcpCorrelation correlation = this.settings.correlation();
		Object key = (correlation != null) ? correlation.requestKey(frame) : null;
		return new PendingRequest(key, this.settings.readTimeout().toNanos(), this.statistics);
	}

	/**
	 * Add a request that is about to be written; under the channel's write lock.
	 * @param request the request
	 * @return {@code null} if added; otherwise why not: {@code "closed"} (the channel
	 * closed; the request is left as it is), or {@code "full"} or {@code "duplicate"}
	 * (the request was failed with an error that says so)
	 */
	@Nullable String add(PendingRequest request) {
		String refused = this.pending.add(request);
		if (refused != null && !"closed".equals(refused)) {
			request.fail(refusal(refused, request.key()));
		}
		return refused;
	}

	private TcpException refusal(String reason, @Nullable Object key) {
		if ("full".equals(reason)) {
			return new TcpException("Request not written to " + this.settings.target() + ": "
					+ this.settings.maxPendingRequests() + " requests are pending on the connection "
					+ "(max-pending-requests); wait for answers or raise it, or the pool-size");
		}
		// "duplicate": add() handled "closed"
		return new TcpException(
				"Request not written to " + this.settings.target() + ": a request with correlation key '" + key
						+ "' is pending; keys must be unique among " + "pending requests (and not null)");
	}

	/**
	 * Fail a request that could not be written (the codec refused it, or the write
	 * failed), removing it if it was added; under the channel's write lock.
	 * @param request the request
	 * @param error why
	 */
	void notWritten(PendingRequest request, TcpException error) {
		this.pending.remove(request);
		request.fail(error);
	}

	/**
	 * On the reader thread: take the request a frame answers, the oldest in order mode,
	 * the one with the frame's key with correlation.
	 * @param frame the frame read
	 * @return the request, or {@code null} if the frame is unsolicited
	 */
	@Nullable PendingRequest answeredBy(byte[] frame) {
		TcpCorrelation correlation = this.settings.correlation();
		if (correlation == null) {
			return this.pending.take(null);
		}
		Object key = responseKey(correlation, frame);
		return (key != null) ? this.pending.take(key) : null;
	}

	private @Nullable Object responseKey(TcpCorrelation correlation, byte[] frame) {
		try {
			return correlation.responseKey(frame);
		}
		catch (RuntimeException ex) {
			logger.warn("TCP client '" + this.settings.name() + "': the correlation failed on a frame of "
					+ frame.length + " bytes, which is handled as unsolicited: " + ex);
			return null;
		}
	}

	/**
	 * On the shared timer: end the requests whose deadline passed. With correlation they
	 * fail with a timeout and the connection stays. In order mode, if the oldest expired,
	 * every pending request is removed and returned, not yet failed: the channel closes
	 * first, then {@link #failAfterTimeout(List, long)} fails them.
	 * @param now the current {@link System#nanoTime()}
	 * @return the requests to fail once the channel is closed, or {@code null} if it
	 * stays open
	 */
	@Nullable List<PendingRequest> expire(long now) {
		if (this.settings.correlation() == null) {
			return this.pending.expireInOrder(now);
		}
		for (PendingRequest request : this.pending.expire(now)) {
			request.timedOut(ClientErrors.requestTimedOut(this.settings.target(), this.settings.readTimeout(), false));
		}
		return null;
	}

	/**
	 * Return the error that an in-order channel closes with when a request expired.
	 */
	TcpException closedAfterTimeout() {
		return ClientErrors.closedAfterTimeout(this.settings.target(), this.settings.readTimeout());
	}

	/**
	 * In order mode, once the channel closed because a request expired: fail the expired
	 * requests with a timeout, the later ones with the closing.
	 * @param all the requests {@link #expire(long)} returned, oldest first
	 * @param now the time they were expired at
	 */
	void failAfterTimeout(List<PendingRequest> all, long now) {
		String target = this.settings.target();
		Duration timeout = this.settings.readTimeout();
		for (PendingRequest request : all) {
			if (request.isExpired(now)) {
				request.timedOut(ClientErrors.requestTimedOut(target, timeout, true));
			}
			else {
				request.fail(new TcpConnectionException("The connection to " + target
						+ " was closed before the answer arrived, because an earlier request timed out", null));
			}
		}
	}

	/**
	 * Return the deadline of the oldest request.
	 * @return its {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} if none
	 */
	long nextDeadline() {
		return this.pending.nextDeadline();
	}

	/**
	 * Refuse new requests and fail every pending one, as the channel closes.
	 * @param error why, given to the oldest request; the others get a
	 * {@link TcpConnectionException} caused by it
	 */
	void close(TcpException error) {
		List<PendingRequest> requests = this.pending.close();
		for (int i = 0; i < requests.size(); i++) {
			requests.get(i)
				.fail((i == 0) ? error : new TcpConnectionException("The connection to " + this.settings.target()
						+ " closed before the answer arrived: " + error.getMessage(), error));
		}
	}

}
