package dev.tcpstarter.listener;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.Sockets;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static dev.tcpstarter.support.TcpContextRunners.statistics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults the listener must absorb, over real sockets: a frame trickled to stay under the
 * idle timeout, a handler that fails on every frame, and an executor that cannot run a
 * connection. The listener keeps serving its other connections throughout.
 */
@ExtendWith(OutputCaptureExtension.class)
class FaultToleranceTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	ApplicationContextRunner runner(TcpTransport transport, String... properties) {
		return TcpContextRunners.runner()
			.withUserConfiguration(FaultConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport)
			.withPropertyValues(properties);
	}

	@Test
	void shouldCloseAFrameTrickledAByteAtATimeAtTheFrameTimeout() {
		runner(TcpTransport.NET, "tcp.listeners.main.idle-timeout=1s", "tcp.listeners.main.frame-timeout=600ms")
			.run((context) -> {
				ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
				AtomicInteger trickled = new AtomicInteger();
				AtomicInteger answered = new AtomicInteger();
				List<Throwable> otherFailures = new CopyOnWriteArrayList<>();
				try (Socket trickler = Sockets.connectFrom("127.0.0.1", port(context, "main"));
						TcpTestClient other = client(context)) {
					OutputStream out = trickler.getOutputStream();
					out.write("the start of a frame".getBytes(StandardCharsets.US_ASCII));
					// one byte every 200 ms: no read waits for the idle timeout, the
					// frame
					// never ends; the other client is served meanwhile
					pace.scheduleAtFixedRate(() -> {
						try {
							out.write('x');
							trickled.incrementAndGet();
						}
						catch (IOException ex) {
							// closed by the server
						}
						try {
							other.send("ping").expect("ping");
							answered.incrementAndGet();
						}
						catch (Throwable ex) {
							otherFailures.add(ex);
						}
					}, 200, 200, TimeUnit.MILLISECONDS);
					assertThat(Sockets.isClosedByPeer(trickler)).isTrue();
					pace.shutdown();
					assertThat(pace.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					assertThat(otherFailures).isEmpty();
					assertThat(answered.get()).isPositive();
					other.send("still served").expect("still served");
				}
				finally {
					pace.shutdownNow();
				}
				assertThat(trickled.get()).isPositive();
				await().atMost(WAIT).until(() -> statistics(context, "main").timedOut(TcpTimeoutKind.FRAME) == 1);
				assertThat(statistics(context, "main").timedOut(TcpTimeoutKind.IDLE)).isZero();
			});
	}

	@Test
	void shouldFailToStartAnNioListenerWithAFrameTimeout() {
		runner(TcpTransport.NIO, "tcp.listeners.main.frame-timeout=600ms").run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (cause.getCause() != null && !(cause instanceof TcpConfigurationException)) {
				cause = cause.getCause();
			}
			assertThat(cause).isInstanceOf(TcpConfigurationException.class)
				.hasMessageContaining("tcp.listeners.main.transport is nio, and frame-timeout is enabled")
				.hasMessageContaining("Use transport net");
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldLogOneWarningWithAStackTraceForAHandlerThatFailsOnEveryFrame(TcpTransport transport,
			CapturedOutput output) {
		runner(transport).run((context) -> {
			FaultState state = context.getBean(FaultState.class);
			try (TcpTestClient client = client(context)) {
				client.sendRaw("throw\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
				client.send("echo").expect("echo");
			}
			assertThat(state.calls).hasValue(201);
			assertThat(statistics(context, "main").errors(TcpErrorKind.HANDLER)).isEqualTo(200);
			List<String> lines = output.getOut().lines().toList();
			List<Integer> warnings = new ArrayList<>();
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.contains("WARN") && line.contains("TCP listener 'main'")
						&& line.contains("thrown on purpose")) {
					warnings.add(i);
				}
			}
			assertThat(warnings).as("WARN lines for the failing handler").hasSize(1);
			int warning = warnings.get(0);
			assertThat(lines.get(warning)).contains("add an @OnError method to handle them");
			// the stack trace follows (after a blank line in Boot's format)
			int next = warning + 1;
			while (lines.get(next).isBlank()) {
				next++;
			}
			assertThat(lines.get(next)).isEqualTo("java.lang.IllegalStateException: thrown on purpose");
			assertThat(lines.get(next + 1)).startsWith("\tat ");
		});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldCloseAConnectionNoThreadCanBeHadForAndKeepAccepting(TcpTransport transport) {
		runner(transport).withBean("tcpTaskExecutor", SwitchableExecutor.class, SwitchableExecutor::new)
			.run((context) -> {
				SwitchableExecutor executor = context.getBean(SwitchableExecutor.class);
				try (TcpTestClient before = client(context)) {
					before.send("before").expect("before");
				}
				await().atMost(WAIT).until(() -> statistics(context, "main").activeConnections() == 0);
				executor.failing = true;
				try (TcpTestClient refused = client(context)) {
					refused.expectClosed();
				}
				await().atMost(WAIT)
					.until(() -> statistics(context, "main").rejected(TcpRejectionReason.RESOURCES) == 1);
				await().atMost(WAIT).until(() -> statistics(context, "main").activeConnections() == 0);
				executor.failing = false;
				try (TcpTestClient after = client(context)) {
					after.send("after").expect("after");
				}
				// nothing of the refused connection is left behind: the stop has no
				// session to wait for (it would wait 5 s for one that never ends)
				CompletableFuture.runAsync(context::close).get(4, TimeUnit.SECONDS);
			});
	}

	private static TcpTestClient client(AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	/**
	 * An application's {@code tcpTaskExecutor} that the test can make fail with an
	 * exception other than {@code RejectedExecutionException}.
	 */
	static final class SwitchableExecutor implements Executor, DisposableBean {

		private final ExecutorService threads = Executors.newCachedThreadPool();

		volatile boolean failing;

		@Override
		public void execute(Runnable task) {
			if (this.failing) {
				throw new IllegalStateException("No thread for this task (switched off by the test)");
			}
			this.threads.execute(task);
		}

		@Override
		public void destroy() {
			this.threads.shutdownNow();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FaultConfiguration {

		@Bean
		FaultState faultState() {
			return new FaultState();
		}

		@Bean
		FaultService faultService(FaultState faultState) {
			return new FaultService(faultState);
		}

	}

	/**
	 * What the test observes, held by a bean of the test's context.
	 */
	static final class FaultState {

		final AtomicInteger calls = new AtomicInteger();

	}

	@TcpService
	static class FaultService {

		private final FaultState state;

		FaultService(FaultState state) {
			this.state = state;
		}

		@OnConnect
		FaultConnection onConnect() {
			return new FaultConnection(this.state);
		}

	}

	/**
	 * Echoes lines and fails on "throw"; no {@code @OnError}, so failures are logged.
	 */
	@ConnectionService
	static class FaultConnection {

		private final FaultState state;

		FaultConnection(FaultState state) {
			this.state = state;
		}

		@OnBytes
		String onBytes(String line) {
			this.state.calls.incrementAndGet();
			if (line.equals("throw")) {
				throw new IllegalStateException("thrown on purpose");
			}
			return line;
		}

	}

}
