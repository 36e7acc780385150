package dev.tcpstarter.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpTimeoutKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters of a listener: totals stay monotonic while connections move from live to
 * ended, and the connection limit holds under contention.
 */
class ListenerStatisticsTests {

	private final ListenerStatistics statistics = new ListenerStatistics();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void shouldSumLiveAndEndedConnections() {
		Counters first = new Counters();
		Counters second = new Counters();
		this.statistics.track(first);
		this.statistics.track(second);
		first.add(3);
		second.add(4);
		assertTotals(7);
		this.statistics.retire(first);
		assertTotals(7);
		second.add(1);
		assertTotals(8);
		this.statistics.retire(second);
		// a retired connection counts once, however often it is retired
		this.statistics.retire(second);
		assertTotals(8);
	}

	@Test
	void shouldNotCountAConnectionThatWasNeverTracked() {
		Counters untracked = new Counters();
		untracked.add(5);
		this.statistics.retire(untracked);
		assertTotals(0);
	}

	@Test
	void shouldKeepTotalsMonotonicWhileConnectionsEnd() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		List<String> regressions = new ArrayList<>();
		CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
			long last = 0;
			while (running.get()) {
				long now = this.statistics.framesReceived();
				if (now < last) {
					regressions.add(last + " -> " + now);
				}
				last = now;
			}
		}, this.threads);
		List<CompletableFuture<Void>> connections = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			connections.add(CompletableFuture.runAsync(() -> {
				for (int c = 0; c < 300; c++) {
					Counters counters = new Counters();
					this.statistics.track(counters);
					for (int f = 0; f < 10; f++) {
						counters.add(1);
					}
					this.statistics.retire(counters);
				}
			}, this.threads));
		}
		CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		running.set(false);
		reader.get(10, TimeUnit.SECONDS);
		assertThat(regressions).isEmpty();
		assertTotals(4 * 300 * 10);
	}

	@Test
	void shouldNeverAdmitMoreThanTheLimitUnderContention() throws Exception {
		int limit = 8;
		AtomicInteger holding = new AtomicInteger();
		AtomicInteger mostHeld = new AtomicInteger();
		AtomicInteger admitted = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> contenders = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			contenders.add(CompletableFuture.runAsync(() -> {
				awaitQuietly(start);
				for (int i = 0; i < 5000; i++) {
					if (this.statistics.tryOpen(limit)) {
						admitted.incrementAndGet();
						mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
						holding.decrementAndGet();
						this.statistics.release();
					}
				}
			}, this.threads));
		}
		start.countDown();
		CompletableFuture.allOf(contenders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		assertThat(mostHeld.get()).isBetween(1, limit);
		assertThat(admitted.get()).isPositive();
		assertThat(this.statistics.activeConnections()).isZero();
	}

	@Test
	void shouldRefuseAtTheLimitAndAdmitAgainAfterARelease() {
		assertThat(this.statistics.tryOpen(2)).isTrue();
		assertThat(this.statistics.tryOpen(2)).isTrue();
		assertThat(this.statistics.tryOpen(2)).isFalse();
		assertThat(this.statistics.activeConnections()).isEqualTo(2);
		this.statistics.release();
		assertThat(this.statistics.activeConnections()).isEqualTo(1);
		assertThat(this.statistics.tryOpen(2)).isTrue();
	}

	@Test
	void shouldCountEventsByKind() {
		this.statistics.countOpened();
		this.statistics.countOpened();
		this.statistics.countClosed();
		this.statistics.countRejection(TcpRejectionReason.MAX_CONNECTIONS);
		this.statistics.countRejection(TcpRejectionReason.MAX_CONNECTIONS);
		this.statistics.countRejection(TcpRejectionReason.RESOURCES);
		this.statistics.countError(TcpErrorKind.FRAME);
		this.statistics.countTimeout(TcpTimeoutKind.FRAME);
		this.statistics.countTimeout(TcpTimeoutKind.WRITE);
		assertThat(this.statistics.connectionsOpened()).isEqualTo(2);
		assertThat(this.statistics.connectionsClosed()).isEqualTo(1);
		assertThat(this.statistics.rejected(TcpRejectionReason.MAX_CONNECTIONS)).isEqualTo(2);
		assertThat(this.statistics.rejected(TcpRejectionReason.RESOURCES)).isEqualTo(1);
		assertThat(this.statistics.rejected(TcpRejectionReason.ON_CONNECT)).isZero();
		assertThat(this.statistics.errors(TcpErrorKind.FRAME)).isEqualTo(1);
		assertThat(this.statistics.errors(TcpErrorKind.IO)).isZero();
		assertThat(this.statistics.timedOut(TcpTimeoutKind.FRAME)).isEqualTo(1);
		assertThat(this.statistics.timedOut(TcpTimeoutKind.WRITE)).isEqualTo(1);
		assertThat(this.statistics.timedOut(TcpTimeoutKind.IDLE)).isZero();
	}

	@Test
	void shouldCountHandlerCallsByKindAndOutcome() {
		this.statistics.recordHandler(TcpHandlerKind.ON_CONNECT, false, 10);
		this.statistics.recordHandler(TcpHandlerKind.ON_CONNECT, true, 20);
		this.statistics.recordHandler(TcpHandlerKind.ON_BYTES, true, 30);
		Counters counters = new Counters();
		this.statistics.track(counters);
		counters.onBytes(5, 500);
		assertThat(this.statistics.handlerCalls(TcpHandlerKind.ON_CONNECT, false)).isEqualTo(1);
		assertThat(this.statistics.handlerNanos(TcpHandlerKind.ON_CONNECT, false)).isEqualTo(10);
		assertThat(this.statistics.handlerCalls(TcpHandlerKind.ON_CONNECT, true)).isEqualTo(1);
		assertThat(this.statistics.handlerNanos(TcpHandlerKind.ON_CONNECT, true)).isEqualTo(20);
		// failed @OnBytes calls are counted here, successful ones by their connection
		assertThat(this.statistics.handlerCalls(TcpHandlerKind.ON_BYTES, true)).isEqualTo(1);
		assertThat(this.statistics.handlerCalls(TcpHandlerKind.ON_BYTES, false)).isEqualTo(5);
		assertThat(this.statistics.handlerNanos(TcpHandlerKind.ON_BYTES, false)).isEqualTo(500);
		this.statistics.retire(counters);
		assertThat(this.statistics.handlerCalls(TcpHandlerKind.ON_BYTES, false)).isEqualTo(5);
		assertThat(this.statistics.handlerCalls(TcpHandlerKind.ON_CLOSE, false)).isZero();
	}

	private void assertTotals(long frames) {
		assertThat(this.statistics.framesReceived()).isEqualTo(frames);
		assertThat(this.statistics.framesSent()).isEqualTo(2 * frames);
		assertThat(this.statistics.bytesReceived()).isEqualTo(3 * frames);
		assertThat(this.statistics.bytesSent()).isEqualTo(4 * frames);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The counters of one connection, written by its own thread.
	 */
	static final class Counters implements ConnectionCounters {

		private volatile long frames;

		private volatile long calls;

		private volatile long nanos;

		void add(long count) {
			this.frames += count;
		}

		void onBytes(long calls, long nanos) {
			this.calls += calls;
			this.nanos += nanos;
		}

		@Override
		public long framesReceived() {
			return this.frames;
		}

		@Override
		public long framesSent() {
			return 2 * this.frames;
		}

		@Override
		public long bytesReceived() {
			return 3 * this.frames;
		}

		@Override
		public long bytesSent() {
			return 4 * this.frames;
		}

		@Override
		public long onBytesCalls() {
			return this.calls;
		}

		@Override
		public long onBytesNanos() {
			return this.nanos;
		}

	}

}
