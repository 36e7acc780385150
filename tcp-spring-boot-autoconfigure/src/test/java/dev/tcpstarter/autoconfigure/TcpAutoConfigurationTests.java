package dev.tcpstarter.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.integration.ip.tcp.serializer.ByteArrayStxEtxSerializer;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpPortInUseException;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TcpAutoConfiguration}: listener binding, the programming model end to
 * end, and startup failures with their messages.
 */
class TcpAutoConfigurationTests {

	@Test
	void shouldStartNoListenerWithoutServices() {
		TcpContextRunners.runner().run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TcpListenerRegistry.class);
			assertThat(context.getBean(TcpListenerRegistry.class).getServers()).isEmpty();
		});
	}

	@Test
	void shouldEchoOnANamedListenerAndPublishItsPort() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("tcp.listeners.echo.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (TcpTestClient client = TcpTestClient.connect(port(context, "echo"))) {
					client.send("hello").expect("hello");
				}
			});
	}

	@Test
	void shouldBindFromEnvironmentVariables() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("TCP_LISTENERS_ECHO_PORT", "0", "TCP_LISTENERS_ECHO_FRAMING", "lf"))))
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "echo")).framing(Framing.LF)) {
					client.send("line").expect("line");
				}
			});
	}

	@Test
	void shouldAttachToTheOnlyConfiguredListener() {
		TcpContextRunners.runner()
			.withUserConfiguration(UnnamedConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=crlf")
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "main")).framing(Framing.CRLF)) {
					client.send("only").expect("only");
				}
			});
	}

	@Test
	void shouldBindAnInlineListenerWithAPlaceholderPort() {
		TcpContextRunners.runner()
			.withUserConfiguration(InlineConfiguration.class)
			.withPropertyValues("inline.port=0")
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "inlineService"))) {
					client.send("inline").expect("inline");
				}
			});
	}

	@Test
	void shouldServeOneServiceOnSeveralListeners() {
		TcpContextRunners.runner()
			.withUserConfiguration(TwoListenerConfiguration.class)
			.withPropertyValues("tcp.listeners.a.port=0", "tcp.listeners.b.port=0", "tcp.listeners.b.framing=lf")
			.run((context) -> {
				try (TcpTestClient a = TcpTestClient.connect(port(context, "a"));
						TcpTestClient b = TcpTestClient.connect(port(context, "b")).framing(Framing.LF)) {
					a.send("x").expect("a:x");
					b.send("y").expect("b:y");
				}
			});
	}

	@Test
	void shouldUseTheCodecBeanNamedByFraming() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class, CodecConfiguration.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=myCodec")
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "echo")).framing(Framing.STX_ETX)) {
					client.send("framed").expect("framed");
				}
			});
	}

	@Test
	void shouldFailWhenTwoServicesClaimOneListener() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class, SecondEchoConfiguration.class)
			.withPropertyValues("tcp.listeners.echo.port=0")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"TCP listener 'echo' is claimed by @TcpService beans", "Give each service its own listener"));
	}

	@Test
	void shouldFailWhenListenerServicesMeetARegistryOfTheApplicationsOwn() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withBean(TcpListenerRegistry.class, OwnRegistry::new)
			.withPropertyValues("tcp.listeners.echo.port=0")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"@TcpService bean 'echoService' serves listeners, but the TcpListenerRegistry bean is not the"
							+ " starter's",
					"Remove the application's own TcpListenerRegistry bean"));
	}

	@Test
	void shouldFailWhenTheNamedListenerIsNotConfigured() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("tcp.listeners.other.port=0")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"names listener 'echo', which is not configured (configured listeners: [other])",
					"Configure tcp.listeners.echo.port"));
	}

	@Test
	void shouldFailWhenNoListenerIsConfigured() {
		TcpContextRunners.runner()
			.withUserConfiguration(UnnamedConfiguration.class)
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"@TcpService bean 'unnamedService' has no listener", "tcp.listeners.main.port=3000"));
	}

	@Test
	void shouldFailWhenSeveralListenersAreConfiguredAndNoneIsNamed() {
		TcpContextRunners.runner()
			.withUserConfiguration(UnnamedConfiguration.class)
			.withPropertyValues("tcp.listeners.a.port=0", "tcp.listeners.b.port=0")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"does not say which listener it attaches to, and 2 are configured: [a, b]",
					"@TcpService(listeners = \"...\")"));
	}

	@Test
	void shouldFailWhenThePortIsMissing() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("tcp.listeners.echo.framing=lf")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(), "tcp.listeners.echo.port is not set",
					"Set tcp.listeners.echo.port"));
	}

	@Test
	void shouldFailWhenAServiceHasNoOnConnectMethod() {
		TcpContextRunners.runner()
			.withBean("brokenService", BrokenService.class)
			.withPropertyValues("tcp.listeners.echo.port=0")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"BrokenService has no @OnConnect method",
					"Add one @OnConnect method to @TcpService bean 'brokenService'"));
	}

	@Test
	void shouldFailWhenTheFramingIsUnknown() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.framing=json")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.listeners.echo.framing is 'json', which is neither a built-in framing nor a bean name",
					"raw, lf, crlf, stx-etx, length-prefix"));
	}

	@Test
	void shouldFailWhenTheLengthPrefixSizeIsInvalid() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("tcp.listeners.echo.port=0", "tcp.listeners.echo.length-prefix-size=3")
			.run((context) -> assertDefinitionFailure(context.getStartupFailure(),
					"tcp.listeners.echo.length-prefix-size is 3", "1, 2 or 4"));
	}

	@Test
	void shouldFailWithAPortInUseAnalysisWhenThePortIsTaken() throws IOException {
		try (ServerSocket taken = new ServerSocket(0)) {
			TcpContextRunners.runner()
				.withUserConfiguration(EchoConfiguration.class)
				.withPropertyValues("tcp.listeners.echo.port=" + taken.getLocalPort())
				.run((context) -> {
					Throwable failure = context.getStartupFailure();
					TcpPortInUseException cause = findCause(failure, TcpPortInUseException.class);
					FailureAnalysis analysis = new TcpPortInUseFailureAnalyzer().analyze(failure);
					assertThat(analysis.getDescription()).isEqualTo("TCP listener 'echo' failed to start. Port "
							+ taken.getLocalPort() + " was already in use.");
					assertThat(analysis.getAction()).contains("tcp.listeners.echo.port");
					assertThat(cause.getListenerName()).isEqualTo("echo");
				});
		}
	}

	/**
	 * A registry of the application's own, which makes the auto-configuration step aside.
	 */
	static final class OwnRegistry implements TcpListenerRegistry {

		@Override
		public List<TcpServer> getServers() {
			return List.of();
		}

		@Override
		public @Nullable TcpServer getServer(String name) {
			return null;
		}

		@Override
		public void pauseAccepting() {
		}

		@Override
		public void resumeAccepting() {
		}

	}

	static void assertDefinitionFailure(Throwable failure, String description, String action) {
		assertThat(failure).isNotNull();
		TcpConfigurationException cause = findCause(failure, TcpConfigurationException.class);
		FailureAnalysis analysis = new TcpConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(description);
		assertThat(analysis.getAction()).contains(action);
		assertThat(cause.getMessage()).contains(description);
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	@ConnectionService
	static class Echo {

		@OnBytes
		byte[] onBytes(byte[] data) {
			return data;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

	@TcpService(listeners = "echo")
	static class EchoService {

		@OnConnect
		Echo onConnect() {
			return new Echo();
		}

	}

	@TcpService
	static class BrokenService {

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondEchoConfiguration {

		@Bean
		EchoService secondEchoService() {
			return new EchoService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnnamedConfiguration {

		@Bean
		UnnamedService unnamedService() {
			return new UnnamedService();
		}

	}

	@TcpService
	static class UnnamedService {

		@OnConnect
		Object onConnect() {
			return new Echo();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InlineConfiguration {

		@Bean
		InlineService inlineService() {
			return new InlineService();
		}

	}

	@TcpService(port = "${inline.port:3000}", host = "127.0.0.1")
	static class InlineService {

		@OnConnect
		Echo onConnect() {
			return new Echo();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoListenerConfiguration {

		@Bean
		TwoListenerService twoListenerService() {
			return new TwoListenerService();
		}

	}

	@TcpService(listeners = { "a", "b" })
	static class TwoListenerService {

		@OnConnect
		Tagging onConnect(TcpCaller caller) {
			return new Tagging(caller.listenerName());
		}

	}

	@ConnectionService
	static class Tagging {

		private final String tag;

		Tagging(String tag) {
			this.tag = tag;
		}

		@OnBytes
		String onBytes(String text) {
			return this.tag + ":" + text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CodecConfiguration {

		@Bean
		ByteArrayStxEtxSerializer myCodec() {
			return new ByteArrayStxEtxSerializer();
		}

	}

}
