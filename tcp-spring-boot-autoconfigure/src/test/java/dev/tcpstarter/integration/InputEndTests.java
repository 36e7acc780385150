package dev.tcpstarter.integration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The half-close bookkeeping of an NIO connection: the input is done only once the FIN
 * was read, no frame is being handed to the session, no assembler runs and no received
 * byte waits to be assembled, whatever order those happen in.
 */
class InputEndTests {

	private final ByteArrayInputStream unassembled = new ByteArrayInputStream(new byte[0]);

	private final InputEnd end = new InputEnd(this.unassembled);

	@Test
	void shouldBeDoneWhenThePeerEndsAnIdleInput() {
		assertThat(isDone()).isFalse();
		assertThat(this.end.hasPeerEnded()).isFalse();
		this.end.peerEnded();
		assertThat(this.end.hasPeerEnded()).isTrue();
		assertThat(isDone()).isTrue();
	}

	@Test
	void shouldWaitForTheFrameBeingDispatched() {
		this.end.dispatchStarted();
		this.end.peerEnded();
		assertThat(isDone()).isFalse();
		this.end.dispatchEnded();
		assertThat(isDone()).isTrue();
	}

	@Test
	void shouldWaitForEveryAssembler() {
		this.end.assemblerStarted();
		this.end.assemblerStarted();
		this.end.peerEnded();
		this.end.assemblerEnded();
		assertThat(isDone()).isFalse();
		this.end.assemblerEnded();
		assertThat(isDone()).isTrue();
	}

	@Test
	void shouldNotBeDoneBeforeTheFinWhateverElseEnds() {
		this.end.assemblerStarted();
		this.end.dispatchStarted();
		this.end.dispatchEnded();
		this.end.assemblerEnded();
		assertThat(isDone()).isFalse();
		this.end.peerEnded();
		assertThat(isDone()).isTrue();
	}

	@Test
	void shouldWaitForReceivedBytesToBeAssembled() throws IOException {
		InputEnd withBytes = new InputEnd(new ByteArrayInputStream(new byte[] { 1, 2, 3 }));
		assertThat(withBytes.unassembled()).isEqualTo(3);
		withBytes.peerEnded();
		assertThat(isDone(withBytes)).isFalse();
		InputStream bytes = new ByteArrayInputStream(new byte[] { 1, 2, 3 });
		InputEnd assembling = new InputEnd(bytes);
		assembling.assemblerStarted();
		assembling.peerEnded();
		bytes.readAllBytes();
		assertThat(assembling.unassembled()).isZero();
		// the assembler that consumed them ends
		assembling.assemblerEnded();
		assertThat(isDone(assembling)).isTrue();
	}

	@Test
	void shouldBeDoneWhenTheConnectionCloses() {
		this.end.assemblerStarted();
		this.end.dispatchStarted();
		this.end.closed();
		assertThat(isDone()).isTrue();
	}

	@Test
	void shouldCountAStreamThatFailsAsEmpty() {
		InputEnd failing = new InputEnd(new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("closed");
			}

			@Override
			public int available() throws IOException {
				throw new IOException("closed");
			}

		});
		assertThat(failing.unassembled()).isZero();
		failing.peerEnded();
		assertThat(isDone(failing)).isTrue();
	}

	@Test
	void shouldReleaseAWaiterOnTheLastEvent() throws Exception {
		this.end.dispatchStarted();
		this.end.peerEnded();
		CompletableFuture<Boolean> waiting = CompletableFuture
			.supplyAsync(() -> this.end.await(Duration.ofSeconds(30)));
		this.end.dispatchEnded();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void shouldGiveUpWaitingAfterTheTimeout() {
		this.end.dispatchStarted();
		this.end.peerEnded();
		assertThat(this.end.await(Duration.ofMillis(20))).isFalse();
	}

	@Test
	void shouldStayDoneOnceDone() {
		this.end.peerEnded();
		this.end.dispatchStarted();
		assertThat(isDone()).isTrue();
	}

	private boolean isDone() {
		return isDone(this.end);
	}

	private static boolean isDone(InputEnd end) {
		return end.await(Duration.ZERO);
	}

}
