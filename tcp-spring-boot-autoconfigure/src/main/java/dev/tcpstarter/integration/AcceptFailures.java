package dev.tcpstarter.integration;

import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * Failed accepts of one listener, and how long to wait before the next try. When the
 * process runs out of file descriptors (EMFILE, ENFILE) or kernel memory, accepting fails
 * until connections close, while the pending connection stays in the kernel's accept
 * queue. The accept loop then backs off (5 ms, doubling up to 200 ms, so that it serves
 * again within that of descriptors being free) instead of ending or spinning, as Tomcat's
 * acceptor and Netty do. Each failed accept is counted as
 * {@code rejected{reason=resources}}; a burst of them is logged once at WARN when it
 * starts and once at INFO when accepting works again.
 * <p>
 * Used by one thread only: the accept loop on {@code net}, the selector loop on
 * {@code nio}. It uses no class of the starter that is not loaded at startup: where
 * classes are read from a directory rather than a jar (an IDE, an exploded application),
 * loading one needs a file descriptor, which is just what is missing.
 */
final class AcceptFailures {

	private static final Log logger = LogFactory.getLog(AcceptFailures.class);

	static final long FIRST_DELAY_MILLIS = 5;

	static final long MAX_DELAY_MILLIS = 200;

	private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final ListenerContext context;

	// failed accepts since the last one that succeeded
	private int failures;

	private long burstStartedAt;

	private long lastFailureAt;

	private long delayMillis;

	AcceptFailures(ListenerContext context) {
		this.context = context;
	}

	/**
	 * An accept failed while the listener is open: count it, log it if it starts a burst,
	 * and return how long to wait before the next try.
	 * @param failure what accept threw
	 * @return the back-off in milliseconds
	 */
	long failed(Exception failure) {
		this.context.statistics().countRejection(TcpRejectionReason.RESOURCES);
		this.lastFailureAt = System.nanoTime();
		if (this.failures++ == 0) {
			this.burstStartedAt = System.nanoTime();
			this.delayMillis = FIRST_DELAY_MILLIS;
			logger.warn("TCP listener '" + this.context.listenerName() + "' cannot accept connections: "
					+ failure.getMessage() + FileDescriptors.describeLimit()
					+ ". Open connections are served on; accepting is retried every " + MAX_DELAY_MILLIS
					+ " ms at most, and pending connections wait in the accept queue. If the process ran out of "
					+ "file descriptors, raise its limit (ulimit -n, LimitNOFILE) or lower max-connections");
		}
		else {
			this.delayMillis = Math.min(MAX_DELAY_MILLIS, this.delayMillis * 2);
		}
		return this.delayMillis;
	}

	/**
	 * Accepting works (again): a burst of failures ends once none has happened for a
	 * while.
	 */
	void accepted() {
		if (this.failures > 0 && System.nanoTime() - this.lastFailureAt >= QUIET_NANOS) {
			logger.info("TCP listener '" + this.context.listenerName() + "' accepts connections again, after "
					+ this.failures + " failed accepts over "
					+ TimeUnit.NANOSECONDS.toMillis(this.lastFailureAt - this.burstStartedAt) + " ms");
			this.failures = 0;
		}
	}

}
