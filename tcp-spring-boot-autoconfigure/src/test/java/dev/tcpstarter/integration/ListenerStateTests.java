package dev.tcpstarter.integration;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.integration.ListenerState.State;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every transition of a listener's state, and every one it refuses.
 */
class ListenerStateTests {

	private final ListenerState state = new ListenerState();

	@Test
	void shouldStartAccepting() {
		assertState(State.ACCEPTING);
	}

	@Test
	void shouldPauseAndResume() {
		assertThat(this.state.pause()).isTrue();
		assertState(State.PAUSED);
		assertThat(this.state.pause()).isFalse();
		assertState(State.PAUSED);
		assertThat(this.state.resume()).isTrue();
		assertState(State.ACCEPTING);
		assertThat(this.state.resume()).isFalse();
		assertState(State.ACCEPTING);
	}

	@Test
	void shouldDrainWhileAccepting() {
		assertThat(this.state.drain()).isTrue();
		assertState(State.DRAINING);
	}

	@Test
	void shouldDrainWhilePaused() {
		this.state.pause();
		assertThat(this.state.drain()).isTrue();
		assertState(State.DRAINING);
	}

	@Test
	void shouldNotLeaveDrainingExceptToClose() {
		this.state.drain();
		assertThat(this.state.drain()).isFalse();
		assertThat(this.state.pause()).isFalse();
		assertThat(this.state.resume()).isFalse();
		assertState(State.DRAINING);
		this.state.close();
		assertState(State.CLOSED);
	}

	@Test
	void shouldCloseFromEveryState() {
		for (State from : State.values()) {
			ListenerState listener = new ListenerState();
			switch (from) {
				case PAUSED -> listener.pause();
				case DRAINING -> listener.drain();
				case CLOSED -> listener.close();
				default -> {
				}
			}
			assertThat(listener.get()).isEqualTo(from);
			listener.close();
			assertThat(listener.get()).as("closed from %s", from).isEqualTo(State.CLOSED);
		}
	}

	@Test
	void shouldNotLeaveClosed() {
		this.state.close();
		assertThat(this.state.pause()).isFalse();
		assertThat(this.state.resume()).isFalse();
		assertThat(this.state.drain()).isFalse();
		assertState(State.CLOSED);
	}

	@Test
	void shouldNotResumeWhatWasNotPaused() {
		this.state.drain();
		assertThat(this.state.resume()).isFalse();
		assertState(State.DRAINING);
	}

	private void assertState(State expected) {
		assertThat(this.state.get()).isEqualTo(expected);
		assertThat(this.state.isAccepting()).isEqualTo(expected == State.ACCEPTING);
		assertThat(this.state.isDraining()).isEqualTo(expected == State.DRAINING);
		assertThat(this.state.isClosed()).isEqualTo(expected == State.CLOSED);
	}

}
