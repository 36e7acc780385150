package dev.tcpstarter.integration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The requests of one connection waiting for their answers, in the order they were
 * written: a queue in order mode (the next frame answers the oldest request), a map by
 * correlation key otherwise (a frame answers the request with its key, in any order).
 * <p>
 * <b>Invariants.</b> {@code lock} guards the queue, the map and the {@code closed} flag,
 * and is held only for the collection operations: never while a future is completed (its
 * callbacks may issue new requests) and never while user code runs. A request is added
 * under the connection's write lock before its bytes are written, so that queue order is
 * write order and an answer can never arrive before its request is here. Since every
 * request has the same timeout, insertion order is deadline order: the oldest request is
 * the next to expire, in both modes. Once closed, nothing is added: a request offered
 * after the connection closed fails instead of waiting forever.
 */
final class PendingRequests {

	private final ReentrantLock lock = new ReentrantLock();

	private final boolean correlated;

	private final int maxPending;

	// guarded by lock: one of the two is used
	private final ArrayDeque<PendingRequest> queue = new ArrayDeque<>();

	private final LinkedHashMap<Object, PendingRequest> byKey = new LinkedHashMap<>();

	// guarded by lock
	private boolean closed;

	// written under lock, read without it to pick the least loaded connection
	private volatile int size;

	/**
	 * Create the pending requests of a connection.
	 * @param correlated whether answers are matched by key
	 * @param maxPending the most requests pending at once
	 */
	PendingRequests(boolean correlated, int maxPending) {
		this.correlated = correlated;
		this.maxPending = maxPending;
	}

	/**
	 * Return the number of requests waiting.
	 */
	int size() {
		return this.size;
	}

	/**
	 * Return whether no more requests fit.
	 */
	boolean isFull() {
		return this.size >= this.maxPending;
	}

	/**
	 * Add a request that is about to be written.
	 * @param request the request
	 * @return {@code null} if added, otherwise why not: {@code "closed"}, {@code "full"}
	 * or {@code "duplicate"} (a request with the same key is pending)
	 */
	@Nullable String add(PendingRequest request) {
		this.lock.lock();
		try {
			if (this.closed) {
				return "closed";
			}
			if (this.size >= this.maxPending) {
				return "full";
			}
			if (this.correlated) {
				Object key = request.key();
				if (key == null || this.byKey.putIfAbsent(key, request) != null) {
					return "duplicate";
				}
				this.size = this.byKey.size();
			}
			else {
				this.queue.addLast(request);
				this.size = this.queue.size();
			}
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove a request that was added but could not be written: it is the newest (the
	 * write lock is still held), unless the connection closed meanwhile.
	 * @param request the request
	 */
	void remove(PendingRequest request) {
		this.lock.lock();
		try {
			if (this.correlated) {
				Object key = request.key();
				if (key != null) {
					this.byKey.remove(key, request);
				}
				this.size = this.byKey.size();
			}
			else {
				this.queue.removeLastOccurrence(request);
				this.size = this.queue.size();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the request that a frame answers: the oldest in order mode, the one with the
	 * frame's key otherwise.
	 * @param key the frame's correlation key ({@code null} in order mode, or for a frame
	 * that carries none)
	 * @return the request, or {@code null} if the frame answers none
	 */
	@Nullable PendingRequest take(@Nullable Object key) {
		this.lock.lock();
		try {
			PendingRequest request;
			if (this.correlated) {
				request = (key != null) ? this.byKey.remove(key) : null;
				this.size = this.byKey.size();
			}
			else {
				request = this.queue.pollFirst();
				this.size = this.queue.size();
			}
			return request;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * With correlation: remove and return the requests whose deadline has passed.
	 * @param now the current {@link System#nanoTime()}
	 * @return the expired requests, oldest first
	 */
	List<PendingRequest> expire(long now) {
		List<PendingRequest> expired = new ArrayList<>();
		this.lock.lock();
		try {
			Iterator<PendingRequest> oldestFirst = this.correlated ? this.byKey.values().iterator()
					: this.queue.iterator();
			while (oldestFirst.hasNext()) {
				PendingRequest request = oldestFirst.next();
				if (!request.isExpired(now)) {
					break;
				}
				oldestFirst.remove();
				expired.add(request);
			}
			this.size = this.correlated ? this.byKey.size() : this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
		return expired;
	}

	/**
	 * In order mode: if the oldest request's deadline has passed, refuse new requests and
	 * remove every pending one, in one step, so that no answer read afterwards can be
	 * matched to a request after the expired one.
	 * @param now the current {@link System#nanoTime()}
	 * @return the requests that were pending, oldest first, or {@code null} if the oldest
	 * has not expired
	 */
	@Nullable List<PendingRequest> expireInOrder(long now) {
		this.lock.lock();
		try {
			PendingRequest oldest = this.queue.peekFirst();
			if (oldest == null || !oldest.isExpired(now)) {
				return null;
			}
			return close();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the deadline of the oldest request.
	 * @return its {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} if none
	 * is pending or it has none
	 */
	long nextDeadline() {
		this.lock.lock();
		try {
			PendingRequest oldest = this.correlated ? first(this.byKey) : this.queue.peekFirst();
			return (oldest != null) ? oldest.deadlineNanos() : Long.MAX_VALUE;
		}
		finally {
			this.lock.unlock();
		}
	}

	private static @Nullable PendingRequest first(LinkedHashMap<Object, PendingRequest> byKey) {
		Iterator<PendingRequest> values = byKey.values().iterator();
		return values.hasNext() ? values.next() : null;
	}

	/**
	 * Refuse new requests and remove every pending one.
	 * @return the requests that were pending, oldest first
	 */
	List<PendingRequest> close() {
		this.lock.lock();
		try {
			this.closed = true;
			List<PendingRequest> all = new ArrayList<>(this.correlated ? this.byKey.values() : this.queue);
			this.queue.clear();
			this.byKey.clear();
			this.size = 0;
			return all;
		}
		finally {
			this.lock.unlock();
		}
	}

}
