package dev.tcpstarter.integration;

/**
 * Whether a listener accepts connections, and every transition between its states, in one
 * place. Admission reads it for each accepted connection; connections read it to know
 * whether a graceful stop is draining them. <pre>
 * ACCEPTING ⇄ PAUSED        readiness refusing / accepting traffic
 * ACCEPTING, PAUSED → DRAINING   a graceful stop begins
 * any → CLOSED              the listener is closed for good
 * </pre>
 */
final class ListenerState {

	// written under this object's monitor; read without it
	private volatile State state = State.ACCEPTING;

	/**
	 * Stop accepting until {@link #resume()}.
	 * @return whether the listener was accepting
	 */
	synchronized boolean pause() {
		return move(State.ACCEPTING, State.PAUSED);
	}

	/**
	 * Accept again after {@link #pause()}.
	 * @return whether the listener was paused
	 */
	synchronized boolean resume() {
		return move(State.PAUSED, State.ACCEPTING);
	}

	/**
	 * Begin a graceful stop: nothing is accepted any more, and connections close as soon
	 * as they have handled what they received.
	 * @return whether the listener was accepting or paused
	 */
	synchronized boolean drain() {
		return move(State.ACCEPTING, State.DRAINING) || move(State.PAUSED, State.DRAINING);
	}

	/**
	 * Close the listener for good.
	 */
	synchronized void close() {
		this.state = State.CLOSED;
	}

	private boolean move(State from, State to) {
		if (this.state != from) {
			return false;
		}
		this.state = to;
		return true;
	}

	/**
	 * Return the current state.
	 */
	State get() {
		return this.state;
	}

	boolean isAccepting() {
		return this.state == State.ACCEPTING;
	}

	boolean isDraining() {
		return this.state == State.DRAINING;
	}

	boolean isClosed() {
		return this.state == State.CLOSED;
	}

	/**
	 * The states of a listener.
	 */
	enum State {

		/**
		 * Bound and accepting connections.
		 */
		ACCEPTING,

		/**
		 * Not accepting (readiness refuses traffic); open connections are served.
		 */
		PAUSED,

		/**
		 * Stopping gracefully: not accepting, connections close once idle.
		 */
		DRAINING,

		/**
		 * Closed for good.
		 */
		CLOSED

	}

}
