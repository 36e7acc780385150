package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.actuate.TcpEndpoint;
import dev.tcpstarter.actuate.TcpEndpoint.SocketOptionsDescriptor;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.listener.TcpSocketOptions;
import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.autoconfigure.TcpAutoConfigurationTests.assertDefinitionFailure;
import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code tcp.listeners.<name>.socket.*} on accepted connections, read back from the
 * listener's side of real connections (and seen by {@code ss} on Linux), as the actuator
 * reports them; invalid values fail the startup naming the property.
 */
class TcpSocketOptionsTests {

	static final String SOCKET = "tcp.listeners.echo.socket.";

	static ApplicationContextRunner runner(String... properties) {
		return TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.host=127.0.0.1")
			.withPropertyValues(properties);
	}

	static TcpServer listener(AssertableApplicationContext context) {
		TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("echo");
		assertThat(listener).isNotNull();
		return listener;
	}

	static SocketOptionsDescriptor endpoint(AssertableApplicationContext context) {
		return new TcpEndpoint(context.getBean(TcpListenerRegistry.class)).listeners()
			.listeners()
			.get(0)
			.socketOptions();
	}

	@ParameterizedTest
	@ValueSource(strings = { "net", "nio" })
	void shouldApplyKeepAliveWithItsTimersNoDelayAndBuffersToAcceptedConnections(String transport) {
		runner("tcp.listeners.echo.transport=" + transport, SOCKET + "keep-alive=true", SOCKET + "keep-alive-idle=30",
				SOCKET + "keep-alive-interval=10s", SOCKET + "keep-alive-count=3", SOCKET + "no-delay=false",
				SOCKET + "receive-buffer-size=64KB", SOCKET + "send-buffer-size=64KB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(endpoint(context).source()).isEqualTo("configured");
				assertThat(listener(context).acceptedSocketOptions()).isEmpty();
				try (TcpTestClient client = TcpTestClient.connect(port(context, "echo"))) {
					client.send("hello").expect("hello");
					TcpSocketOptions accepted = listener(context).acceptedSocketOptions().orElseThrow();
					assertThat(accepted.keepAlive()).isTrue();
					assertThat(accepted.noDelay()).isFalse();
					assertThat(accepted.receiveBufferSize()).isGreaterThanOrEqualTo(64 * 1024);
					assertThat(accepted.sendBufferSize()).isGreaterThanOrEqualTo(64 * 1024);
					if (isLinux()) {
						assertThat(accepted.keepAliveIdle()).isEqualTo(Duration.ofSeconds(30));
						assertThat(accepted.keepAliveInterval()).isEqualTo(Duration.ofSeconds(10));
						assertThat(accepted.keepAliveCount()).isEqualTo(3);
					}
					SocketOptionsDescriptor described = endpoint(context);
					assertThat(described.source()).isEqualTo("accepted-connection");
					assertThat(described.keepAlive()).isTrue();
					assertThat(described.keepAliveIdle()).isEqualTo(isLinux() ? 30L : accepted.keepAliveIdle());
				}
			});
	}

	@Test
	void shouldShowKeepAliveTimersOnTheListenersSideInSs() throws Exception {
		assumeThat(isLinux()).as("ss is Linux's").isTrue();
		assumeThat(ssAvailable()).as("ss (iproute2) is installed").isTrue();
		runner(SOCKET + "keep-alive=true", SOCKET + "keep-alive-idle=600").run((context) -> {
			int port = port(context, "echo");
			try (TcpTestClient client = TcpTestClient.connect(port)) {
				client.send("hello").expect("hello");
				// the listener's side: the socket whose local port is the listener's
				String sockets = ss("( sport = :" + port + " )");
				assertThat(sockets).contains(":" + port + " ").contains("timer:(keepalive,");
				// the client's side has no keepalive
				assertThat(ss("( dport = :" + port + " )")).doesNotContain("keepalive");
			}
		});
	}

	@Test
	void shouldKeepNoDelayOnAndKeepAliveOffByDefault() {
		runner().run((context) -> {
			assertThat(endpoint(context))
				.isEqualTo(new SocketOptionsDescriptor("configured", false, null, null, null, true, null, null));
			try (TcpTestClient client = TcpTestClient.connect(port(context, "echo"))) {
				client.send("hello").expect("hello");
				TcpSocketOptions accepted = listener(context).acceptedSocketOptions().orElseThrow();
				assertThat(accepted.keepAlive()).isFalse();
				assertThat(accepted.noDelay()).isTrue();
				assertThat(accepted.receiveBufferSize()).isPositive();
			}
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					keep-alive-idle=60                          | socket.keep-alive is false | Set it to true when keep-alive-idle
					keep-alive=true,keep-alive-idle=1500ms      | socket.keep-alive-idle is PT1.5S | whole seconds
					keep-alive=true,keep-alive-interval=0       | socket.keep-alive-interval is PT0S | whole seconds
					keep-alive=true,keep-alive-count=0          | socket.keep-alive-count is 0 | positive number
					receive-buffer-size=0                       | socket.receive-buffer-size is 0 | positive number
					send-buffer-size=-1                         | socket.send-buffer-size is -1 | positive number
					""")
	void shouldFailAtStartupNamingTheProperty(String properties, String description, String action) {
		String[] values = properties.split(",");
		for (int i = 0; i < values.length; i++) {
			values[i] = SOCKET + values[i].trim();
		}
		runner(values).run((context) -> {
			assertThat(context).hasFailed();
			assertDefinitionFailure(context.getStartupFailure(), "tcp.listeners.echo." + description.trim(),
					action.trim());
		});
	}

	@Test
	void shouldFailAtStartupWhenTheOperatingSystemRefusesATimer() {
		assumeThat(isLinux()).as("Linux allows at most 127 keepalive probes").isTrue();
		runner(SOCKET + "keep-alive=true", SOCKET + "keep-alive-count=1000").run((context) -> {
			assertThat(context).hasFailed();
			assertDefinitionFailure(context.getStartupFailure(),
					"tcp.listeners.echo.socket.keep-alive-count is 1000, which the operating system refuses for "
							+ "TCP_KEEPCOUNT",
					"keep-alive-count up to 127");
		});
	}

	static boolean isLinux() {
		return System.getProperty("os.name", "").toLowerCase().contains("linux");
	}

	static boolean ssAvailable() {
		try {
			return new ProcessBuilder("ss", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static String ss(String filter) throws IOException, InterruptedException {
		Process ss = new ProcessBuilder("ss", "-tno", "state", "established", filter).redirectErrorStream(true).start();
		String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return output;
	}

}
