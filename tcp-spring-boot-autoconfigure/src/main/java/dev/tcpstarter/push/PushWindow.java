package dev.tcpstarter.push;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The room for pushes in flight: at most {@code max} taken at once. Taking room while
 * there is some and nobody waits is one compare-and-set. Once the window is full, the
 * pushes that find no room wait until half of it is free again and then go on together,
 * rather than one per answer: a burst that outruns the broker then costs each waiting
 * thread one wake-up per half window instead of one per push (with a fair semaphore, the
 * answering thread woke a sender for every answer, and that was most of the senders' CPU
 * in the push benchmark). A push that arrives while others wait joins them instead of
 * taking room ahead of them.
 * <p>
 * <b>Locking.</b> {@code inFlight} is changed only by compare-and-set or decrement,
 * without the lock. The lock guards {@code waiting} and the condition: a thread that
 * waits checks the room under the lock, and a release that brings the count down to the
 * resume level signals under the lock, so a wake-up cannot fall between a waiter's check
 * and its wait.
 */
final class PushWindow {

	private final int max;

	// waiting pushes go on once no more than this many are in flight
	private final int resumeAt;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition room = this.lock.newCondition();

	// written under lock; read without it by take() and release()
	private volatile int waiting;

	// guarded by lock: how many times the waiting pushes were let go on
	private long openings;

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
		if (this.waiting == 0 && tryTake()) {
			return true;
		}
		this.lock.lock();
		try {
			this.waiting++;
			try {
				long left = timeoutNanos;
				long seen = this.openings;
				while (true) {
					// once let go on, a push takes any room left, not only below the
					// resume level; when there is none, it waits for the next opening
					boolean open = this.openings != seen;
					if ((open || this.inFlight.get() <= this.resumeAt) && tryTake()) {
						return true;
					}
					if (left <= 0) {
						return false;
					}
					seen = this.openings;
					left = this.room.awaitNanos(left);
				}
			}
			finally {
				this.waiting--;
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
		if (now == this.resumeAt && this.waiting > 0) {
			this.lock.lock();
			try {
				this.openings++;
				this.room.signalAll();
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
		return this.waiting;
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
