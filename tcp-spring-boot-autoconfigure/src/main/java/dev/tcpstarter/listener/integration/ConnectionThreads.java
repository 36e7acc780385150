package dev.tcpstarter.listener.integration;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Threads also end one at a time, at least {@code exitInterval} apart. An ending thread
 * holds the JVM's thread-list lock for work that grows with the number of threads, and a
 * safepoint (for a garbage collection, say) cannot begin while threads queue for that
 * lock: when 10 000 threads ended together, every other thread of the JVM stood still for
 * up to 4 seconds (measured with {@code -Xlog:safepoint}, see {@code docs/soak.md}).
 * Ended 2 ms apart, the same 10 000 threads take 20 seconds to go and no safepoint waits
 * longer than the collection itself. Once {@link #shutdown() shut down}, threads end
 * without waiting.
 */
final class ConnectionThreads implements Executor {

	private final String namePrefix;

	private final int maxIdle;

	private final long keepAliveNanos;

	private final long exitIntervalNanos;

	// the idle workers, most recently used first
	private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger idleCount = new AtomicInteger();

	private final AtomicInteger threadNumber = new AtomicInteger();

	// the thread that ended last: the next one to end waits for it
	private final AtomicReference<@Nullable Thread> lastEnding = new AtomicReference<>();

	private final CountDownLatch shutdownSignal = new CountDownLatch(1);

	private volatile boolean shutdown;

	/**
	 * Create the threads of a listener.
	 * @param namePrefix the prefix of the thread names, followed by a number
	 * @param maxIdle how many finished threads to keep for reuse
	 * @param keepAlive how long an idle thread is kept, at least (at most 1.5 times as
	 * long)
	 * @param exitInterval the least time between the ends of two threads
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
			this.idleCount.decrementAndGet();
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
			this.idleCount.decrementAndGet();
			worker.expire();
		}
	}

	private final class Worker implements Runnable {

		// set by offer() (a task) or expire() (nothing), whichever comes first
		private final AtomicReference<@Nullable Runnable> next = new AtomicReference<>();

		private static final Runnable EXPIRED = () -> {
		};

		private volatile @Nullable Thread thread;

		private @Nullable Runnable first;

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

		void expire() {
			if (this.next.compareAndSet(null, EXPIRED)) {
				LockSupport.unpark(this.thread);
			}
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
			endAfterThePrevious();
		}

		private @Nullable Runnable awaitNext() {
			ConnectionThreads threads = ConnectionThreads.this;
			if (threads.shutdown || threads.idleCount.incrementAndGet() > threads.maxIdle) {
				if (!threads.shutdown) {
					threads.idleCount.decrementAndGet();
				}
				return null;
			}
			threads.idle.addFirst(this);
			// spread the expiry: threads that went idle together do not end together
			long keepAlive = threads.keepAliveNanos
					+ ThreadLocalRandom.current().nextLong(threads.keepAliveNanos / 2 + 1);
			long deadline = System.nanoTime() + keepAlive;
			Runnable task;
			while ((task = this.next.get()) == null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					expire();
					if (threads.idle.remove(this)) {
						threads.idleCount.decrementAndGet();
					}
					task = this.next.get();
					break;
				}
				LockSupport.parkNanos(this, left);
			}
			this.next.set(null);
			return (task == EXPIRED) ? null : task;
		}

		private void endAfterThePrevious() {
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
		}

	}

}
