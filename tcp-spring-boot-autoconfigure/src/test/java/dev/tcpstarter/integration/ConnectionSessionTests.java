package dev.tcpstarter.integration;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpRejectionReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The session state machine driven the way a transport drives it, with a fake writer:
 * {@code @OnClose} runs exactly once and last whatever the order of closes, frames and
 * failures, a close reported from inside a handler waits until it returns, and a graceful
 * stop takes only an idle session.
 */
class ConnectionSessionTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ConnectionAddresses ADDRESSES = new ConnectionAddresses(
			new InetSocketAddress("127.0.0.1", 40000), null, new InetSocketAddress("127.0.0.1", 3000), null);

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "listener-executor");
		thread.setDaemon(true);
		return thread;
	});

	private final Script script = new Script();

	private final ListenerStatistics statistics = new ListenerStatistics();

	private final FakeWriter writer = new FakeWriter();

	@AfterEach
	void stopExecutor() {
		this.executor.shutdownNow();
	}

	@Test
	void shouldCallOnConnectThenServeFrames() {
		ConnectionSession session = session();
		assertThat(session.isClosed()).isFalse();
		assertThat(session.open(this.writer, ADDRESSES)).isTrue();
		assertThat(session.isClosed()).isFalse();
		session.frameDecoded(text("echo"));
		assertThat(this.writer.written).containsExactly("echo");
		assertThat(session.framesReceived()).isEqualTo(1);
		assertThat(this.statistics.connectionsOpened()).isEqualTo(1);
		assertThat(this.script.events).containsExactly("connect 127.0.0.1:40000", "bytes echo", "returned echo");
	}

	@Test
	void shouldOpenOnlyOnce() {
		ConnectionSession session = session();
		assertThat(session.open(this.writer, ADDRESSES)).isTrue();
		assertThat(session.open(this.writer, ADDRESSES)).isFalse();
		assertThat(this.script.count("connect")).isEqualTo(1);
	}

	@Test
	void shouldRejectTheConnectionWhenOnConnectReturnsNull() {
		this.script.reject = true;
		ConnectionSession session = session();
		assertThat(session.open(this.writer, ADDRESSES)).isFalse();
		assertThat(this.statistics.rejected(TcpRejectionReason.ON_CONNECT)).isEqualTo(1);
		session.closed(CloseReason.REJECTED);
		assertThat(session.ended()).isDone();
		assertThat(this.script.count("close")).isZero();
		assertThat(this.statistics.connectionsOpened()).isZero();
		assertThat(this.statistics.connectionsClosed()).isZero();
	}

	@Test
	void shouldRejectTheConnectionWhenOnConnectThrows() {
		this.script.failConnect = true;
		ConnectionSession session = session();
		assertThat(session.open(this.writer, ADDRESSES)).isFalse();
		assertThat(this.statistics.rejected(TcpRejectionReason.ON_CONNECT)).isEqualTo(1);
		session.frameDecoded(text("echo"));
		assertThat(this.script.count("bytes")).isZero();
	}

	@Test
	void shouldEndWithoutOnCloseWhenClosedBeforeOnConnect() {
		ConnectionSession session = session();
		session.closed(CloseReason.REFUSED);
		assertThat(session.ended()).isDone();
		assertThat(session.open(this.writer, ADDRESSES)).isFalse();
		assertThat(this.script.events).isEmpty();
	}

	@Test
	void shouldCallOnCloseOnceWhenClosedFromManyThreads() throws Exception {
		ConnectionSession session = openSession();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> closing = new ArrayList<>();
		for (CloseReason reason : CloseReason.values()) {
			closing.add(CompletableFuture.runAsync(() -> {
				awaitQuietly(start);
				session.closed(reason);
			}));
		}
		start.countDown();
		CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.script.count("close")).isEqualTo(1);
		assertThat(this.statistics.connectionsClosed()).isEqualTo(1);
		assertThat(session.ended()).isDone();
		assertThat(session.isClosed()).isTrue();
	}

	@Test
	void shouldRunOnCloseLastWhateverTheOrderOfFramesFailuresAndCloses() throws Exception {
		for (int round = 0; round < 200; round++) {
			Script script = new Script();
			ConnectionSession session = new ConnectionSession(context(script, 256), "c-" + round);
			FakeWriter writer = new FakeWriter();
			assertThat(session.open(writer, ADDRESSES)).isTrue();
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> drivers = new ArrayList<>();
			drivers.add(drive(start, () -> {
				for (int i = 0; i < 5; i++) {
					session.frameDecoded(text("echo"));
				}
			}));
			drivers
				.add(drive(start, () -> session.failed(new TcpConnectionException("I/O error on connection c", null))));
			drivers.add(drive(start, () -> session.closed(CloseReason.PEER_CLOSED)));
			drivers.add(drive(start, () -> session.closed(CloseReason.LOCAL)));
			start.countDown();
			CompletableFuture.allOf(drivers.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
			List<String> events = script.events;
			assertThat(script.count("close")).as("round %d: %s", round, events).isEqualTo(1);
			assertThat(events.get(events.size() - 1)).as("round %d: %s", round, events).isEqualTo("close");
		}
	}

	@Test
	void shouldCallNoHandlerAfterOnClose() throws Exception {
		ConnectionSession session = openSession();
		session.frameDecoded(text("async 1"));
		session.closed(CloseReason.PEER_CLOSED);
		session.frameDecoded(text("echo"));
		session.failed(new TcpConnectionException("late", null));
		this.script.future("async 1").completeExceptionally(new IllegalStateException("late result"));
		// whatever the executor was asked to report has run
		this.executor.submit(() -> {
		}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.script.events).endsWith("close");
		assertThat(this.script.count("close")).isEqualTo(1);
		assertThat(this.script.count("error")).isZero();
		assertThat(this.writer.written).isEmpty();
		assertThat(this.writer.sent).isEmpty();
	}

	@Test
	void shouldDeferACloseReportedFromInsideAHandlerUntilItReturns() {
		this.writer.reportCloseTo = true;
		ConnectionSession session = openSession();
		session.frameDecoded(text("close"));
		assertThat(this.script.events).containsExactly("connect 127.0.0.1:40000", "bytes close", "returned close",
				"close");
		assertThat(this.writer.closes).containsExactly(CloseReason.LOCAL);
		assertThat(session.ended()).isDone();
	}

	@Test
	void shouldDeferACloseReportedFromInsideOnConnectUntilItReturns() {
		this.writer.reportCloseTo = true;
		this.script.closeOnConnect = true;
		ConnectionSession session = session();
		this.writer.session = session;
		assertThat(session.open(this.writer, ADDRESSES)).isTrue();
		assertThat(this.script.events).containsExactly("connect 127.0.0.1:40000", "close");
		assertThat(session.isClosed()).isTrue();
		session.frameDecoded(text("echo"));
		assertThat(this.script.count("bytes")).isZero();
	}

	@Test
	void shouldWaitForTheRunningHandlerBeforeOnCloseWhenClosedFromAnotherThread() throws Exception {
		ConnectionSession session = openSession();
		this.script.gate = new CountDownLatch(1);
		Blocking<Void> reader = Blocking.run("reader", () -> session.frameDecoded(text("block")));
		Blocking<Void> closer = Blocking.run("closer", () -> session.closed(CloseReason.PEER_CLOSED));
		assertThat(this.script.count("close")).isZero();
		this.script.gate.countDown();
		reader.join();
		closer.join();
		assertThat(this.script.events).containsExactly("connect 127.0.0.1:40000", "bytes block", "returned block",
				"close");
	}

	@Test
	void shouldReportAFailureOnlyBetweenHandlerCalls() throws Exception {
		ConnectionSession session = openSession();
		this.script.gate = new CountDownLatch(1);
		Blocking<Void> reader = Blocking.run("reader", () -> session.frameDecoded(text("block")));
		Blocking<Void> failing = Blocking.run("failing",
				() -> session.failed(new TcpConnectionException("I/O error", null)));
		this.script.gate.countDown();
		reader.join();
		failing.join();
		assertThat(this.script.events).containsExactly("connect 127.0.0.1:40000", "bytes block", "returned block",
				"error TcpConnectionException I/O error");
		assertThat(this.statistics.errors(TcpErrorKind.IO)).isEqualTo(1);
	}

	@Test
	void shouldReportAThrowingHandlerAndKeepServing() {
		ConnectionSession session = openSession();
		session.frameDecoded(text("throw"));
		session.frameDecoded(text("echo"));
		assertThat(this.script.events).anySatisfy((event) -> assertThat(event).startsWith("error TcpHandlerException")
			.contains("onBytes")
			.endsWith("failed on connection c-1: java.lang.IllegalStateException: thrown on purpose"));
		assertThat(this.writer.written).containsExactly("echo");
		assertThat(this.statistics.errors(TcpErrorKind.HANDLER)).isEqualTo(1);
		assertThat(session.isClosed()).isFalse();
	}

	@Test
	void shouldWriteSynchronousResultsAndSendAsynchronousOnesInArrivalOrder() {
		ConnectionSession session = openSession();
		session.frameDecoded(text("async 1"));
		// held behind the pending one
		session.frameDecoded(text("echo"));
		assertThat(this.writer.written).isEmpty();
		this.script.future("async 1").complete("one");
		assertThat(this.writer.sent).containsExactly("one", "echo");
		session.frameDecoded(text("later"));
		assertThat(this.writer.written).containsExactly("later");
		session.frameDecoded(text("done"));
		// a future already completed is written as a synchronous result
		assertThat(this.writer.written).containsExactly("later", "done!");
	}

	@Test
	void shouldReportAFailedResultOnTheListenerExecutor() {
		ConnectionSession session = openSession();
		session.frameDecoded(text("async 1"));
		this.script.future("async 1").completeExceptionally(new IllegalStateException("no answer"));
		await().atMost(WAIT).until(() -> this.script.count("error") == 1);
		assertThat(this.script.events).anySatisfy((event) -> assertThat(event).startsWith("error TcpHandlerException")
			.contains("onBytes")
			.endsWith("failed on connection c-1: java.lang.IllegalStateException: no answer"));
		assertThat(this.script.errorThreads).containsExactly("listener-executor");
		assertThat(this.writer.sent).isEmpty();
	}

	@Test
	void shouldStopReadingWhileMaxPendingResultsWait() throws Exception {
		ConnectionSession session = openSession(2);
		session.frameDecoded(text("async 1"));
		session.frameDecoded(text("async 2"));
		Blocking<Void> reader = Blocking.run("reader", () -> session.frameDecoded(text("async 3")));
		assertThat(this.script.count("bytes async")).isEqualTo(2);
		this.script.future("async 2").complete("two");
		// the second result waits behind the first: still two pending
		assertThat(this.writer.sent).isEmpty();
		assertThat(this.script.count("bytes async 3")).isZero();
		this.script.future("async 1").complete("one");
		reader.join();
		assertThat(this.script.events).contains("bytes async 3");
		assertThat(this.writer.sent).containsExactly("one", "two");
	}

	@Test
	void shouldReleaseAReaderWaitingForRoomWhenTheConnectionCloses() throws Exception {
		ConnectionSession session = openSession(1);
		session.frameDecoded(text("async 1"));
		Blocking<Void> reader = Blocking.run("reader", () -> session.frameDecoded(text("echo")));
		session.closed(CloseReason.PEER_CLOSED);
		reader.join();
		assertThat(this.script.count("bytes echo")).isZero();
		assertThat(this.script.count("close")).isEqualTo(1);
	}

	@Test
	void shouldStopAnIdleSessionSoThatLaterFramesAreNotHandled() {
		ConnectionSession session = openSession();
		session.frameDecoded(text("echo"));
		assertThat(session.stopIfIdle()).isTrue();
		assertThat(session.isClosed()).isFalse();
		session.frameDecoded(text("after stop"));
		assertThat(this.script.count("bytes after")).isZero();
		assertThat(session.stopIfIdle()).isTrue();
		session.closed(CloseReason.DRAINED);
		assertThat(this.script.count("close")).isEqualTo(1);
		assertThat(session.stopIfIdle()).isTrue();
	}

	@Test
	void shouldNotStopASessionWithAPendingResult() {
		ConnectionSession session = openSession();
		session.frameDecoded(text("async 1"));
		assertThat(session.stopIfIdle()).isFalse();
		session.frameDecoded(text("echo"));
		assertThat(this.script.count("bytes echo")).isEqualTo(1);
		this.script.future("async 1").complete("one");
		assertThat(session.stopIfIdle()).isTrue();
		assertThat(this.writer.sent).containsExactly("one", "echo");
	}

	@Test
	void shouldNotStopASessionWhoseHandlerRuns() throws Exception {
		ConnectionSession session = openSession();
		this.script.gate = new CountDownLatch(1);
		Blocking<Void> reader = Blocking.run("reader", () -> session.frameDecoded(text("block")));
		assertThat(session.stopIfIdle()).isFalse();
		this.script.gate.countDown();
		reader.join();
		assertThat(session.stopIfIdle()).isTrue();
		assertThat(this.writer.written).containsExactly("block");
	}

	@Test
	void shouldStopASessionThatWasNeverOpened() {
		ConnectionSession session = session();
		assertThat(session.stopIfIdle()).isTrue();
		assertThat(session.open(this.writer, ADDRESSES)).isFalse();
		assertThat(this.script.events).isEmpty();
	}

	@Test
	void shouldCountTheCloseAndEndEvenWhenOnCloseThrows() {
		this.script.failClose = true;
		ConnectionSession session = openSession();
		session.closed(CloseReason.PEER_CLOSED);
		assertThat(session.ended()).isDone();
		assertThat(this.statistics.connectionsClosed()).isEqualTo(1);
	}

	@Test
	void shouldRefuseWritesThroughTheCallerOnceClosed() {
		ConnectionSession session = openSession();
		TcpCaller caller = this.script.callers.get(0);
		assertThat(caller.isOpen()).isTrue();
		assertThat(caller.id()).isEqualTo("c-1");
		assertThat(caller.remotePort()).isEqualTo(40000);
		assertThat(caller.localPort()).isEqualTo(3000);
		session.closed(CloseReason.PEER_CLOSED);
		assertThat(caller.isOpen()).isFalse();
		assertThatExceptionOfType(TcpConnectionClosedException.class).isThrownBy(() -> caller.write("late"));
		assertThat(this.writer.written).isEmpty();
	}

	private ConnectionSession session() {
		return new ConnectionSession(context(this.script, 256), "c-1");
	}

	private ConnectionSession openSession() {
		return openSession(256);
	}

	private ConnectionSession openSession(int maxPendingResults) {
		ConnectionSession session = new ConnectionSession(context(this.script, maxPendingResults), "c-1");
		this.writer.session = session;
		assertThat(session.open(this.writer, ADDRESSES)).isTrue();
		return session;
	}

	private ListenerContext context(Script script, int maxPendingResults) {
		TcpListenerDefinition definition = TcpListenerDefinition.builder("main", 0)
			.maxPendingResults(maxPendingResults)
			.build();
		ConnectHandler handler = ConnectHandler.create("service", new Service(script), Service.class);
		return new ListenerContext(definition, handler, new LengthPrefixFraming(4), null, this.statistics,
				this.executor, new ListenerState(), null);
	}

	private static CompletableFuture<Void> drive(CountDownLatch start, Runnable action) {
		return CompletableFuture.runAsync(() -> {
			awaitQuietly(start);
			action.run();
		});
	}

	private static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
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
	 * What the handlers of one test do and what they saw.
	 */
	static final class Script {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<String> errorThreads = new CopyOnWriteArrayList<>();

		final List<TcpCaller> callers = new CopyOnWriteArrayList<>();

		final Map<String, CompletableFuture<Object>> futures = new ConcurrentHashMap<>();

		volatile CountDownLatch gate = new CountDownLatch(0);

		volatile boolean reject;

		volatile boolean failConnect;

		volatile boolean closeOnConnect;

		volatile boolean failClose;

		CompletableFuture<Object> future(String frame) {
			return this.futures.computeIfAbsent(frame, (key) -> new CompletableFuture<>());
		}

		long count(String prefix) {
			return this.events.stream().filter((event) -> event.startsWith(prefix)).count();
		}

	}

	/**
	 * The service whose {@code @OnConnect} the session calls.
	 */
	static final class Service {

		private final Script script;

		Service(Script script) {
			this.script = script;
		}

		@OnConnect
		Object onConnect(TcpCaller caller) {
			this.script.events.add("connect " + caller.remoteHost() + ":" + caller.remotePort());
			this.script.callers.add(caller);
			if (this.script.failConnect) {
				throw new IllegalStateException("no connection for you");
			}
			if (this.script.reject) {
				return null;
			}
			if (this.script.closeOnConnect) {
				caller.close();
			}
			return new Connection(this.script);
		}

	}

	/**
	 * The connection service: what it does depends on the frame.
	 */
	static final class Connection {

		private final Script script;

		Connection(Script script) {
			this.script = script;
		}

		@OnBytes
		Object onBytes(String frame, TcpCaller caller) throws InterruptedException {
			this.script.events.add("bytes " + frame);
			try {
				if (frame.equals("close")) {
					caller.close();
					return null;
				}
				if (frame.equals("block")) {
					this.script.gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
				}
				if (frame.equals("throw")) {
					throw new IllegalStateException("thrown on purpose");
				}
				if (frame.startsWith("async")) {
					return this.script.future(frame);
				}
				if (frame.equals("done")) {
					return CompletableFuture.completedFuture("done!");
				}
				return frame;
			}
			finally {
				this.script.events.add("returned " + frame);
			}
		}

		@OnError
		void onError(Throwable error) {
			this.script.errorThreads.add(Thread.currentThread().getName());
			this.script.events.add("error " + error.getClass().getSimpleName() + " " + error.getMessage());
		}

		@OnClose
		void onClose() {
			this.script.events.add("close");
			if (this.script.failClose) {
				throw new IllegalStateException("@OnClose failed on purpose");
			}
		}

	}

	/**
	 * A transport's writer that records frames; on request it reports a close to the
	 * session on the closing thread, as a transport may.
	 */
	static final class FakeWriter implements FrameWriter {

		final List<String> written = new CopyOnWriteArrayList<>();

		final List<String> sent = new CopyOnWriteArrayList<>();

		final List<CloseReason> closes = new CopyOnWriteArrayList<>();

		volatile boolean reportCloseTo;

		volatile ConnectionSession session;

		@Override
		public void write(byte[] frame) {
			if (!this.closes.isEmpty()) {
				throw new TcpConnectionClosedException("c-1");
			}
			this.written.add(new String(frame, StandardCharsets.UTF_8));
		}

		@Override
		public void send(byte[] frame) {
			if (this.closes.isEmpty()) {
				this.sent.add(new String(frame, StandardCharsets.UTF_8));
			}
		}

		@Override
		public void flushBuffered() {
		}

		@Override
		public void close(CloseReason reason) {
			if (!this.closes.isEmpty()) {
				return;
			}
			this.closes.add(reason);
			ConnectionSession target = this.session;
			if (this.reportCloseTo && target != null) {
				target.closed(reason);
			}
		}

		@Override
		public boolean isOpen() {
			return this.closes.isEmpty();
		}

	}

}
