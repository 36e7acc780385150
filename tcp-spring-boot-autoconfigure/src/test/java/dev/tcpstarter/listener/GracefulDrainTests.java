package dev.tcpstarter.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.Recorder;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful stop across listeners: an idle connection is closed as soon as the stop begins
 * even while another listener still works, and what it sends afterwards is not handled
 * (so nothing is handled without being answered); the busy connection finishes and is
 * answered.
 */
class GracefulDrainTests {

	static final Recorder recorder = new Recorder();

	static volatile CountDownLatch gate = new CountDownLatch(0);

	@Test
	void shouldCloseAnIdleConnectionWhileAnotherListenerFinishes() {
		recorder.clear();
		TcpContextRunners.runner()
			.withUserConfiguration(DrainConfiguration.class)
			.withPropertyValues("tcp.listeners.quick.port=0", "tcp.listeners.quick.framing=lf",
					"tcp.listeners.slow.port=0", "tcp.listeners.slow.framing=lf",
					"tcp.listeners.slow.shutdown-timeout=10s")
			.run((context) -> {
				gate = new CountDownLatch(1);
				try (TcpTestClient quick = TcpTestClient.connect(port(context, "quick")).framing(Framing.LF);
						TcpTestClient slow = TcpTestClient.connect(port(context, "slow")).framing(Framing.LF)) {
					quick.send("warm").expect("done warm");
					slow.send("gated");
					recorder.awaitCount("start gated", 1);
					CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
					quick.expectClosed();
					assertThat(recorder.count("done gated")).isZero();
					gate.countDown();
					slow.expect("done gated").expectClosed();
					stopping.get(10, TimeUnit.SECONDS);
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> recorder.count("done") == 2);
				assertThat(recorder.events()).containsExactly("start warm", "done warm", "start gated", "done gated");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class DrainConfiguration {

		@Bean
		DrainService drainService() {
			return new DrainService();
		}

	}

	@TcpService(listeners = { "quick", "slow" })
	static class DrainService {

		@OnConnect
		DrainConnection onConnect() {
			return new DrainConnection();
		}

	}

	@ConnectionService
	static class DrainConnection {

		@OnBytes
		String onBytes(String line) throws InterruptedException {
			recorder.add("start " + line);
			if (line.equals("gated")) {
				gate.await(10, TimeUnit.SECONDS);
			}
			recorder.add("done " + line);
			return "done " + line;
		}

	}

}
