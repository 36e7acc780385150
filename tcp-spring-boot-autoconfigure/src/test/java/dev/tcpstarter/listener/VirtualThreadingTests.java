package dev.tcpstarter.listener;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threading of connections: with {@code spring.threads.virtual.enabled=true} they run on
 * virtual threads on Java 21+ and on platform threads on Java 17; either way a blocked
 * handler holds up only its own connection. CI runs this class on JDK 17 and on JDK 25.
 */
class VirtualThreadingTests {

	static volatile CountDownLatch blocker = new CountDownLatch(0);

	@ParameterizedTest
	@ValueSource(strings = { "net", "nio" })
	void shouldRunConnectionsOnVirtualThreadsWhereTheJvmHasThem(String transport) {
		TcpContextRunners.runner()
			.withUserConfiguration(ThreadConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport, "spring.threads.virtual.enabled=true")
			.run((context) -> {
				try (TcpTestClient client = client(context)) {
					String thread = client.send("thread").expectString();
					if (Runtime.version().feature() >= 21) {
						assertThat(thread).startsWith("VirtualThread").contains("tcp-main-");
					}
					else {
						assertThat(thread).doesNotContain("VirtualThread").contains("tcp-main-");
					}
				}
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "true" })
	void shouldHoldUpOnlyTheConnectionWhoseHandlerBlocks(String virtual) {
		TcpContextRunners.runner()
			.withUserConfiguration(ThreadConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"spring.threads.virtual.enabled=" + virtual)
			.run((context) -> {
				blocker = new CountDownLatch(1);
				try (TcpTestClient blocked = client(context); TcpTestClient free = client(context)) {
					blocked.send("block");
					for (int i = 0; i < 10; i++) {
						free.send("ping " + i).expect("ping " + i);
					}
					blocker.countDown();
					blocked.expect("block");
				}
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "net", "nio" })
	void shouldUseTheTcpTaskExecutorBean(String transport) {
		TcpContextRunners.runner()
			.withUserConfiguration(ThreadConfiguration.class)
			.withBean("tcpTaskExecutor", Executor.class, () -> new SimpleAsyncTaskExecutor("custom-"))
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport)
			.run((context) -> {
				try (TcpTestClient client = client(context)) {
					assertThat(client.send("thread").expectString()).contains("custom-");
				}
			});
	}

	private static TcpTestClient client(AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadConfiguration {

		@Bean
		ThreadService threadService() {
			return new ThreadService();
		}

	}

	@TcpService
	static class ThreadService {

		@OnConnect
		ThreadConnection onConnect() {
			return new ThreadConnection();
		}

	}

	@ConnectionService
	static class ThreadConnection {

		@OnBytes
		String onBytes(String line) throws InterruptedException {
			if (line.equals("thread")) {
				return Thread.currentThread().toString();
			}
			if (line.equals("block")) {
				blocker.await(10, TimeUnit.SECONDS);
			}
			return line;
		}

	}

}
