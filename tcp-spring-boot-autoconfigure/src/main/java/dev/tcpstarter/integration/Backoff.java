package dev.tcpstarter.integration;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for background reconnects: the delay before attempt
 * {@code n} (0 for the first after a loss) is {@code initialDelay * multiplier^n}, capped
 * at {@code maxDelay}, then spread by up to {@value #JITTER} either way so that many
 * clients that lost one server do not come back in step. A successful connect starts
 * again at attempt 0.
 */
final class Backoff {

	/**
	 * How far a delay is spread, as a fraction of it, either way.
	 */
	static final double JITTER = 0.2;

	private final Duration initialDelay;

	private final Duration maxDelay;

	private final double multiplier;

	private final DoubleSupplier random;

	/**
	 * Create a backoff with random jitter.
	 * @param initialDelay the delay before the first attempt
	 * @param maxDelay the longest delay, before jitter
	 * @param multiplier the growth of the delay per failed attempt, at least 1
	 */
	Backoff(Duration initialDelay, Duration maxDelay, double multiplier) {
		this(initialDelay, maxDelay, multiplier, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * Create a backoff whose jitter comes from {@code random}, for tests.
	 * @param random returns values from 0 (inclusive) to 1 (exclusive)
	 */
	Backoff(Duration initialDelay, Duration maxDelay, double multiplier, DoubleSupplier random) {
		this.initialDelay = initialDelay;
		this.maxDelay = maxDelay;
		this.multiplier = multiplier;
		this.random = random;
	}

	/**
	 * Return the delay before an attempt.
	 * @param attempt the number of failed attempts since the last successful connect (0
	 * after the connection was lost)
	 * @return the delay, jitter included
	 */
	Duration delay(int attempt) {
		double base = Math.min(this.maxDelay.toNanos(),
				this.initialDelay.toNanos() * Math.pow(this.multiplier, Math.min(attempt, 1000)));
		double spread = (this.random.getAsDouble() * 2 - 1) * JITTER;
		return Duration.ofNanos((long) (base * (1 + spread)));
	}

	/**
	 * Return the longest delay, jitter included.
	 * @return the delay
	 */
	Duration maxDelay() {
		return Duration.ofNanos((long) (this.maxDelay.toNanos() * (1 + JITTER)));
	}

	@Override
	public String toString() {
		return "Backoff[" + ClientErrors.format(this.initialDelay) + " x" + this.multiplier + " up to "
				+ ClientErrors.format(this.maxDelay) + ", jitter " + (int) (JITTER * 100) + "%]";
	}

}
