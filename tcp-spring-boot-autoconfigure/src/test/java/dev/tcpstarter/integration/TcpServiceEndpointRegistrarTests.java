package dev.tcpstarter.integration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.listener.TcpListenerDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which listener serves which service: named listeners, an inline listener, the only
 * configured listener; and every ambiguity fails before anything is registered, naming
 * the service, the listener and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class TcpServiceEndpointRegistrarTests {

	private final RecordingRegistry registry = new RecordingRegistry();

	private final Map<String, TcpListenerDefinition> configured = new LinkedHashMap<>();

	@Test
	void shouldBindAServiceToTheListenersItNames() {
		configure("a", "b", "c");
		register(named("svc", "a", "c"));
		assertThat(this.registry.registered).containsExactly("a <- svc", "c <- svc");
		assertThat(this.registry.definitions.get(0)).isSameAs(this.configured.get("a"));
	}

	@Test
	void shouldBindAServiceThatNamesAListenerTwiceOnce() {
		configure("a");
		register(named("svc", "a", "a"));
		assertThat(this.registry.registered).containsExactly("a <- svc");
	}

	@Test
	void shouldFailWhenAServiceNamesAListenerThatIsNotConfigured() {
		configure("a", "b");
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> register(named("svc", "a", "nope")))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).isEqualTo(
						"@TcpService bean 'svc' names listener 'nope', which is not configured (configured listeners: [a, b]).");
				assertThat(ex.getAction())
					.isEqualTo("Configure tcp.listeners.nope.port, or name one of the configured listeners.");
			});
		assertThat(this.registry.registered).isEmpty();
	}

	@Test
	void shouldBindAnInlineListenerNamedAfterTheBean() {
		register(new TcpServiceEndpoint("inlineSvc", handler("inlineSvc"), List.of(), 4000, "127.0.0.1"));
		assertThat(this.registry.registered).containsExactly("inlineSvc <- inlineSvc");
		TcpListenerDefinition definition = this.registry.definitions.get(0);
		assertThat(definition.port()).isEqualTo(4000);
		assertThat(definition.host()).isEqualTo("127.0.0.1");
		// every other setting keeps its default
		assertThat(definition.framing()).isEqualTo("raw");
	}

	@Test
	void shouldBindAnInlineListenerOnEveryInterfaceWithoutAHost() {
		register(new TcpServiceEndpoint("svc", handler("svc"), List.of(), 0, null));
		assertThat(this.registry.definitions.get(0).host()).isNull();
	}

	@Test
	void shouldBindAnInlineListenerBesideNamedOnes() {
		configure("a");
		register(new TcpServiceEndpoint("svc", handler("svc"), List.of("a"), 4000, null));
		assertThat(this.registry.registered).containsExactly("a <- svc", "svc <- svc");
	}

	@Test
	void shouldFailWhenAnInlineListenerIsAlsoConfigured() {
		configure("svc");
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> register(new TcpServiceEndpoint("svc", handler("svc"), List.of(), 4000, null)))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).isEqualTo(
						"@TcpService bean 'svc' declares an inline port, but tcp.listeners.svc is configured too.");
				assertThat(ex.getAction())
					.isEqualTo("Either remove the port from @TcpService, or remove tcp.listeners.svc.");
			});
		assertThat(this.registry.registered).isEmpty();
	}

	@Test
	void shouldBindAServiceThatNamesNoListenerToTheOnlyOne() {
		configure("only");
		register(named("svc"));
		assertThat(this.registry.registered).containsExactly("only <- svc");
	}

	@Test
	void shouldFailWhenAServiceNamesNoListenerAndNoneIsConfigured() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class).isThrownBy(() -> register(named("svc")))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).isEqualTo(
						"@TcpService bean 'svc' has no listener: no tcp.listeners are configured and the annotation declares no port.");
				assertThat(ex.getAction()).isEqualTo(
						"Configure a listener, e.g. tcp.listeners.main.port=3000, or declare @TcpService(port = \"3000\").");
			});
	}

	@Test
	void shouldFailWhenAServiceNamesNoListenerAndSeveralAreConfigured() {
		configure("a", "b");
		assertThatExceptionOfType(TcpServiceDefinitionException.class).isThrownBy(() -> register(named("svc")))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).isEqualTo(
						"@TcpService bean 'svc' does not say which listener it attaches to, and 2 are configured: [a, b].");
				assertThat(ex.getAction()).isEqualTo("Name the listener with @TcpService(listeners = \"...\").");
			});
		assertThat(this.registry.registered).isEmpty();
	}

	@Test
	void shouldFailWhenTwoServicesClaimOneListener() {
		configure("a", "b");
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> register(named("first", "b"), named("second", "a", "b")))
			.satisfies((ex) -> {
				assertThat(ex.getDescription())
					.isEqualTo("TCP listener 'b' is claimed by @TcpService beans 'first' and "
							+ "'second'; a connection could not know which service to call.");
				assertThat(ex.getAction()).isEqualTo("Give each service its own listener under tcp.listeners.");
			});
		assertThat(this.registry.registered).isEmpty();
	}

	@Test
	void shouldFailWhenAServiceTakesTheOnlyListenerAnotherNamed() {
		configure("only");
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> register(named("first", "only"), named("second")))
			.withMessageContaining("TCP listener 'only' is claimed by @TcpService beans 'first' and 'second'");
	}

	@Test
	void shouldWarnAboutAConfiguredListenerThatNoServiceAttachesTo(CapturedOutput output) {
		configure("used", "unused");
		register(named("svc", "used"));
		assertThat(this.registry.registered).containsExactly("used <- svc");
		assertThat(output)
			.contains("TCP listener 'unused' is configured but no @TcpService attaches to it; " + "it is not started");
		assertThat(output).doesNotContain("TCP listener 'used' is configured but");
	}

	@Test
	void shouldRegisterNothingWithoutServices(CapturedOutput output) {
		register();
		assertThat(this.registry.registered).isEmpty();
		assertThat(output).doesNotContain("is configured but no @TcpService");
	}

	private void configure(String... names) {
		for (String name : names) {
			this.configured.put(name, TcpListenerDefinition.builder(name, 0).build());
		}
	}

	private void register(TcpServiceEndpoint... endpoints) {
		new TcpServiceEndpointRegistrar(this.configured, this.registry).registerEndpoints(List.of(endpoints));
	}

	private static TcpServiceEndpoint named(String beanName, String... listeners) {
		return new TcpServiceEndpoint(beanName, handler(beanName), List.of(listeners), null, null);
	}

	private static ConnectHandler handler(String beanName) {
		return ConnectHandler.create(beanName, new Service(), Service.class);
	}

	/**
	 * Records what is registered.
	 */
	static final class RecordingRegistry implements BiConsumer<TcpListenerDefinition, ConnectHandler> {

		final List<String> registered = new ArrayList<>();

		final List<TcpListenerDefinition> definitions = new ArrayList<>();

		@Override
		public void accept(TcpListenerDefinition definition, ConnectHandler handler) {
			this.registered.add(definition.name() + " <- " + handler.getBeanName());
			this.definitions.add(definition);
		}

	}

	static final class Service {

		@OnConnect
		Connection onConnect() {
			return new Connection();
		}

	}

	static final class Connection {

		@OnBytes
		byte[] onBytes(byte[] frame) {
			return frame;
		}

	}

}
