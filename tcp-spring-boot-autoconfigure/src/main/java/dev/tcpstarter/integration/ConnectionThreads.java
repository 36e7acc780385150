package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The platform threads a listener's connections run on when no executor is configured: a
 * thread per connection, of which at most {@code maxIdle} finished ones are kept for
 * reuse. A cached thread pool keeps every thread for 60 seconds after its connection
 * closed, so after 10 000 connections close together, 10 000 threads (and what their
 * stacks hold on to) linger for a minute and then expire all at once. Here a thread ends
 * with its connection when enough are idle already, and the idle ones are reused most
 * recent first and expire after a randomly spread keep-alive.
 * <p>
 * Surplus threads end one at a time, each after the previous one has ended and at least
 * {@code exitInterval} later. An ending thread holds the JVM's thread-list lock for work
 * that grows with the number of threads, and a safepoint (for a garbage collection, say)
 * cannot begin while threads queue for that lock: when 10 000 threads ended together,
 * every other thread of the JVM stood still for up to 4 seconds (measured with
 * {@code -Xlog:safepoint}, see {@code docs/soak.md}). Ended 2 ms apart, the same 10 000
 * threads take 20 seconds to go, and the longest safepoint measured was 0.5 seconds.
 * While a surplus thread waits for its turn it can still be given a new connection, so
 * clients that reconnect at once reuse the waiting threads instead of adding to them.
 * Once {@link #shutdown() shut down}, threads end without waiting.
 */
final class ConnectionThreads implements Executor {

	// the value of a worker's next task while it runs
	// one: neither offer() nor end() can take it then
	private static final Runnable BUSY = () -> {
	};

	private static final Runnable EXPIRED = () -> {
	};

	// like EXPIRED, and the worker now holds the turn to end: it hands it on when it ends
	private static final Runnable RETIRED = () -> {
	};

	private final String namePrefix;

	private final int maxIdle;

	private final long keepAliveNanos;

	private final long exitIntervalNanos;

	// the finished workers, most recently finished first: up to
	// maxIdle kept for the keep-alive, the others (surplus) waiting
	// for their turn to end. Whoever takes a worker out of the deque
	// (execute(), shutdown() or the worker itself) updates keptCount.
	private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger keptCount = new AtomicInteger();

	// the surplus workers in the order they are to end; one
	// that took a task meanwhile is skipped when its turn comes
	private final ConcurrentLinkedQueue<Worker> retiring = new ConcurrentLinkedQueue<>();

	// whether a surplus worker is on its way out: that worker expires the next
	// one when it has waited its interval, so exactly one is ending at a time
	private final AtomicBoolean retirementRunning = new AtomicBoolean();

	// the surplus thread that ended last: the next one waits until it has ended
	private final AtomicReference<@Nullable Thread> lastEnding = new AtomicReference<>();

	private final AtomicInteger threadNumber = new AtomicInteger();

	private final CountDownLatch shutdownSignal = new CountDownLatch(1);

	private volatile boolean shutdown;

	/**
	 * Create the threads of a listener.
	 * @param namePrefix the prefix of the thread names, followed by a number
	 * @param maxIdle how many finished threads to keep for reuse
	 * @param keepAlive how long an idle thread is kept, at least (at most 1.5 times as
	 * long)
	 * @param exitInterval the least time between the ends of two surplus threads
	 */
	ConnectionThreads(String namePrefix, int maxIdle, Duration keepAlive, Duration exitInterval) {
		this.namePrefix = namePrefix;
		this.maxIdle = maxIdle;
		this.keepAliveNanos = keepAlive.toNanos();
		this.exitIntervalNanos = exitInterval.toNanos();
	}

	@Override
	public void execute(Runnable task) {
		if (this.shutdown) {
			throw new RejectedExecutionException("The threads of " + this.namePrefix + "* are shut down");
		}
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			taken(worker);
			if (worker.offer(task)) {
				return;
			}
		}
		Worker created = new Worker(task);
		Thread thread = new Thread(created, this.namePrefix + this.threadNumber.incrementAndGet());
		created.thread = thread;
		thread.start();
	}

	/**
	 * Take no more tasks and let the idle threads end; running tasks complete.
	 */
	void shutdown() {
		this.shutdown = true;
		this.shutdownSignal.countDown();
		Worker worker;
		while ((worker = this.idle.pollFirst()) != null) {
			taken(worker);
			worker.end(EXPIRED);
		}
	}

	private void taken(Worker worker) {
		if (worker.kept) {
			this.keptCount.decrementAndGet();
		}
	}

	private void retire(Worker worker) {
		// a worker reused while it waited is queued once, not once per idle period
		if (worker.queued.compareAndSet(false, true)) {
			this.retiring.add(worker);
		}
		if (this.retirementRunning.compareAndSet(false, true)) {
			retireNext();
		}
	}

	/**
	 * Expire the next surplus worker that is still idle; called by the one holding the
	 * turn, which ends right after.
	 */
	private void retireNext() {
		do {
			Worker next;
			while ((next = this.retiring.poll()) != null) {
				// cleared before end(): a worker going idle meanwhile
				// either is ended here or queues itself again
				next.queued.set(false);
				if (next.end(RETIRED)) {
					return;
				}
			}
			this.retirementRunning.set(false);
			// a worker queued after the poll and before the flag
			// went down would wait for a turn nobody hands on
		}
		while (!this.retiring.isEmpty() && this.retirementRunning.compareAndSet(false, true));
	}

	private final class Worker implements Runnable {

		// BUSY while running a task; null while idle; then a task (set by
		// offer()), EXPIRED or RETIRED (set by end()), whichever comes first
		private final AtomicReference<Runnable> next = new AtomicReference<>(BUSY);

		private volatile @Nullable Thread thread;

		// whether this worker is in the retiring queue
		private final AtomicBoolean queued = new AtomicBoolean();

		private @Nullable Runnable first;

		// whether this idle worker counts among the kept ones, rather than the
		// surplus; written before it enters the deque, read by whoever takes it out
		private volatile boolean kept;

		Worker(Runnable first) {
			this.first = first;
		}

		boolean offer(Runnable task) {
			if (this.next.compareAndSet(null, task)) {
				LockSupport.unpark(this.thread);
				return true;
			}
			return false;
		}

		boolean end(Runnable how) {
			if (this.next.compareAndSet(null, how)) {
				LockSupport.unpark(this.thread);
				return true;
			}
			return false;
		}

		@Override
		public void run() {
			Runnable task = this.first;
			this.first = null;
			while (task != null) {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					// a connection reports its own failures; the thread goes on
				}
				// an idle thread must not keep its last connection reachable
				task = null;
				task = awaitNext();
			}
			if (this.next.get() == RETIRED) {
				endInTurn();
			}
		}

		private @Nullable Runnable awaitNext() {
			ConnectionThreads threads = ConnectionThreads.this;
			// an interrupt the last task left would make every park return at once
			Thread.interrupted();
			if (threads.shutdown) {
				return null;
			}
			this.kept = threads.keptCount.incrementAndGet() <= threads.maxIdle;
			if (!this.kept) {
				threads.keptCount.decrementAndGet();
			}
			this.next.set(null);
			threads.idle.addFirst(this);
			if (!this.kept) {
				threads.retire(this);
			}
			if (threads.shutdown) {
				// shutdown() may have emptied the deque before this worker was in it
				end(EXPIRED);
			}
			// a surplus worker waits for a task or its turn to end; a kept one for a task
			// or its keep-alive, spread so that threads idle together do not end together
			long deadline = this.kept ? System.nanoTime() + threads.keepAliveNanos
					+ ThreadLocalRandom.current().nextLong(threads.keepAliveNanos / 2 + 1) : 0;
			Runnable task;
			while ((task = this.next.get()) == null) {
				long left = deadline - System.nanoTime();
				if (!this.kept) {
					LockSupport.park(this);
				}
				else if (left > 0) {
					LockSupport.parkNanos(this, left);
				}
				else {
					end(EXPIRED);
				}
			}
			if (task == EXPIRED || task == RETIRED) {
				// next stays as it is, so an offer() racing this fails and goes elsewhere
				if (threads.idle.remove(this)) {
					threads.taken(this);
				}
				return null;
			}
			this.next.set(BUSY);
			return task;
		}

		private void endInTurn() {
			ConnectionThreads threads = ConnectionThreads.this;
			Thread previous = threads.lastEnding.getAndSet(Thread.currentThread());
			try {
				if (previous != null) {
					previous.join();
				}
				threads.shutdownSignal.await(threads.exitIntervalNanos, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			threads.retireNext();
		}

	}

}
