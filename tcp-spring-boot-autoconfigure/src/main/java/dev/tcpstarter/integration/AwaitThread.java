package dev.tcpstarter.integration;

import java.util.concurrent.CountDownLatch;

/**
 * A non-daemon thread that keeps the JVM up while listeners run, as Boot's embedded web
 * servers do: with virtual threads every reader and accept thread is a daemon, and an
 * application whose only servers are TCP listeners would otherwise exit right after
 * starting.
 */
final class AwaitThread {

	// guarded by this
	private CountDownLatch stopped = new CountDownLatch(0);

	/**
	 * Start the thread, unless it runs already.
	 */
	synchronized void start() {
		if (this.stopped.getCount() > 0) {
			return;
		}
		CountDownLatch latch = new CountDownLatch(1);
		this.stopped = latch;
		Thread thread = new Thread(() -> {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "tcp-await");
		thread.setDaemon(false);
		thread.start();
	}

	/**
	 * Let the thread end.
	 */
	synchronized void stop() {
		this.stopped.countDown();
	}

}
