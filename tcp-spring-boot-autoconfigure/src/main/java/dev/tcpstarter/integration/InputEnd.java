package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * When an NIO connection whose peer sent its FIN is done with its input. Spring
 * Integration reads on one thread and assembles frames on others, and would close the
 * connection as soon as the read sees the FIN. The input is done once the FIN was read,
 * no frame is being handed to the session, no assembler is running (one inside a frame
 * the FIN cut off then fails as truncated, and that is reported before {@code @OnClose})
 * and no received byte is left to assemble.
 * <p>
 * The monitor of this object guards the three counts, so that the reading thread and the
 * assemblers agree on when the last frame is done; nothing blocks while holding it.
 */
final class InputEnd {

	// the bytes read but not yet assembled
	private final InputStream unassembled;

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private boolean peerEnded;

	private boolean dispatching;

	private int assemblers;

	InputEnd(InputStream unassembled) {
		this.unassembled = unassembled;
	}

	synchronized void assemblerStarted() {
		this.assemblers++;
	}

	synchronized void assemblerEnded() {
		this.assemblers--;
		completeIfDone();
	}

	synchronized void dispatchStarted() {
		this.dispatching = true;
	}

	synchronized void dispatchEnded() {
		this.dispatching = false;
		completeIfDone();
	}

	/**
	 * The read saw the peer's FIN.
	 */
	synchronized void peerEnded() {
		this.peerEnded = true;
		completeIfDone();
	}

	synchronized boolean hasPeerEnded() {
		return this.peerEnded;
	}

	/**
	 * The connection closed: nothing is left to wait for.
	 */
	void closed() {
		this.done.complete(null);
	}

	/**
	 * Wait until the input is done or the connection closed.
	 * @param timeout how long to wait at most
	 * @return whether it was done in time
	 */
	boolean await(Duration timeout) {
		try {
			this.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	private void completeIfDone() {
		if (this.peerEnded && !this.dispatching && this.assemblers == 0 && unassembled() == 0) {
			this.done.complete(null);
		}
	}

	/**
	 * Return how many bytes were read but not assembled yet.
	 */
	int unassembled() {
		try {
			return this.unassembled.available();
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
