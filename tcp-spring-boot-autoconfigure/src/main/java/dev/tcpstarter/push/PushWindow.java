package dev.tcpstarter.push;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The room for pushes in flight: at most {@code max} taken at once. While the window is
 * open, taking room is one compare-and-set. A push that finds it full closes it: from
 * then on pushes wait until half of it is free again, when the window opens and they go
 * on together. With a fair semaphore, the answering thread woke one sender for every
 * answer once the window was full, and that was most of the senders' CPU in the push
 * benchmark; here a sender that waits is woken once per half window.
 * <p>
 * <b>Locking.</b> {@code inFlight} changes by compare-and-set or decrement, without the
 * lock. The lock guards the condition and the writes of {@code closed}. A release that
 * brings the count down to the resume level opens the window under the lock, so the
 * opening cannot fall between a waiting push's check and its wait; a push that closed the
 * window checks the count once more before it waits, because such a release may have read
 * the flag just before the push set it.
 */
final class PushWindow {

	private final int max;

	// a closed window opens again once no more than this many are in flight
	private final int resumeAt;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition opened = this.lock.newCondition();

	// whether pushes wait for half the window to be free
	private volatile boolean closed;

	/**
	 * Create a window.
	 * @param max the most pushes in flight at once, at least 1
	 */
	PushWindow(int max) {
		this.max = max;
		this.resumeAt = max / 2;
	}

	/**
	 * Take room for one push, waiting for it at most {@code timeoutNanos}.
	 * @param timeoutNanos how long to wait for room
	 * @return {@code true} if room was taken, {@code false} if none came in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean take(long timeoutNanos) throws InterruptedException {
		if (!this.closed && tryTake()) {
			return true;
		}
		this.lock.lock();
		try {
			long left = timeoutNanos;
			while (true) {
				if (!this.closed || this.inFlight.get() <= this.resumeAt) {
					if (tryTake()) {
						return true;
					}
					this.closed = true;
					continue;
				}
				if (left <= 0) {
					// room that came free without opening the window still counts
					return tryTake();
				}
				left = this.opened.awaitNanos(left);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Give back the room of one push.
	 */
	void release() {
		int now = this.inFlight.decrementAndGet();
		// any way down to the resume level passes through it with a decrement
		if (now == this.resumeAt && this.closed) {
			this.lock.lock();
			try {
				this.closed = false;
				this.opened.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Return how many pushes hold room.
	 */
	int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return how many pushes wait for room.
	 */
	int waiting() {
		this.lock.lock();
		try {
			return this.lock.getWaitQueueLength(this.opened);
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean tryTake() {
		int current;
		do {
			current = this.inFlight.get();
			if (current >= this.max) {
				return false;
			}
		}
		while (!this.inFlight.compareAndSet(current, current + 1));
		return true;
	}

}
