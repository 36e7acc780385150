package dev.tcpstarter.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a {@link MockTcpServer} has received since it was created or last reset. A reset
 * starts a new generation: frames and connections of earlier generations are no longer
 * recorded.
 */
final class MockRecording {

	private final List<byte[]> frames = new ArrayList<>();

	private int connections;

	private int generation;

	synchronized int generation() {
		return this.generation;
	}

	synchronized void reset() {
		this.generation++;
		this.frames.clear();
		this.connections = 0;
	}

	synchronized void connected(int generation) {
		if (generation == this.generation) {
			this.connections++;
			notifyAll();
		}
	}

	synchronized void record(int generation, byte[] frame) {
		if (generation == this.generation) {
			this.frames.add(frame.clone());
			notifyAll();
		}
	}

	synchronized List<byte[]> frames() {
		return this.frames.stream().map(byte[]::clone).toList();
	}

	synchronized int connections() {
		return this.connections;
	}

	synchronized List<byte[]> awaitFrames(int count, Duration timeout) {
		if (!await(() -> this.frames.size() >= count, timeout)) {
			List<String> received = this.frames.stream().map(Bytes::describe).toList();
			throw new AssertionError("Expected " + count + " frames within " + Bytes.describe(timeout)
					+ " but received " + received.size() + ": " + received);
		}
		return frames();
	}

	synchronized void awaitConnections(int count, Duration timeout) {
		if (!await(() -> this.connections >= count, timeout)) {
			throw new AssertionError("Expected " + count + " connections within " + Bytes.describe(timeout)
					+ " but accepted " + this.connections);
		}
	}

	private boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (!condition.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the mock TCP server", ex);
		}
	}

	static List<String> asStrings(List<byte[]> frames) {
		return frames.stream().map((frame) -> new String(frame, StandardCharsets.UTF_8)).toList();
	}

}
