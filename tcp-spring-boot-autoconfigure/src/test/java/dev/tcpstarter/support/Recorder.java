package dev.tcpstarter.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;

/**
 * Records handler events from connection services, for assertions from the test thread.
 */
public final class Recorder {

	private final List<String> events = new CopyOnWriteArrayList<>();

	/**
	 * Record an event.
	 * @param event the event
	 */
	public void add(String event) {
		this.events.add(event);
	}

	/**
	 * Forget every event.
	 */
	public void clear() {
		this.events.clear();
	}

	/**
	 * Return the events recorded so far.
	 * @return a snapshot
	 */
	public List<String> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Count the events that start with a prefix.
	 * @param prefix the prefix
	 * @return the count
	 */
	public long count(String prefix) {
		return this.events.stream().filter((event) -> event.startsWith(prefix)).count();
	}

	/**
	 * Wait until {@code count} events start with {@code prefix}.
	 * @param prefix the prefix
	 * @param count the count
	 */
	public void awaitCount(String prefix, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(prefix) >= count);
	}

}
