package dev.tcpstarter.sample;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * A WARN line at most once a minute, the others at DEBUG: for failures that every peer
 * (or every HTTP client) can trigger again and again, such as a dependency that is down,
 * so that they cannot flood the log.
 */
final class OncePerMinuteLog {

	private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Log logger;

	// when the last WARN was logged
	private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

	OncePerMinuteLog(Log logger) {
		this.logger = logger;
	}

	/**
	 * Log at WARN if nothing was logged at WARN in the last minute, else at DEBUG.
	 * @param message the message
	 */
	void warn(String message) {
		long last = this.last.get();
		long now = System.nanoTime();
		if (now - last >= INTERVAL_NANOS && this.last.compareAndSet(last, now)) {
			this.logger.warn(message + " (logged at most once a minute)");
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(message);
		}
	}

}
