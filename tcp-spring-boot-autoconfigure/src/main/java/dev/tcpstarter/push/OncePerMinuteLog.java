package dev.tcpstarter.push;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * A WARN that is logged at most once per minute; the messages in between are counted and
 * the next WARN says how many there were.
 */
final class OncePerMinuteLog {

	private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

	private final Log logger;

	private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	OncePerMinuteLog(Log logger) {
		this.logger = logger;
	}

	void warn(String message) {
		long now = System.nanoTime();
		long next = this.nextNanos.get();
		if (now - next < 0 || !this.nextNanos.compareAndSet(next, now + MINUTE)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long skipped = this.suppressed.getAndSet(0);
		this.logger.warn((skipped > 0) ? message + " (" + skipped + " more like it in the last minute)" : message);
	}

}
