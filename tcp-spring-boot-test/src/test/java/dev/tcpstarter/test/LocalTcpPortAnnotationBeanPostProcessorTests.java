package dev.tcpstarter.test;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LocalTcpPortAnnotationBeanPostProcessor}.
 */
class LocalTcpPortAnnotationBeanPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private final LocalTcpPortAnnotationBeanPostProcessor postProcessor = new LocalTcpPortAnnotationBeanPostProcessor();

	@BeforeEach
	void setUp() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("local.tcp.listener.echo.port", "1234",
					"local.tcp.listener.admin.port", 2345, "local.tcp.listener.count", "7")));
		this.postProcessor.setEnvironment(this.environment);
	}

	@Test
	void shouldFailWithListenerNamesWhenPropertyIsMissing() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessBeforeInitialization(new MissingListener(), "bean"))
			.withMessage("Cannot inject @LocalTcpPort(\"x\") into field 'port' of " + MissingListener.class.getName()
					+ ": No TCP listener named 'x' is bound: property local.tcp.listener.x.port is not set;"
					+ " known listeners: [admin, echo]");
	}

	@Test
	void shouldListNoListenersWhenNoneIsBound() {
		this.postProcessor.setEnvironment(new StandardEnvironment());
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessBeforeInitialization(new MissingListener(), "bean"))
			.withMessageEndingWith("known listeners: []");
	}

	@Test
	void shouldInjectSupportedTypes() {
		SupportedTypes bean = new SupportedTypes();
		assertThat(this.postProcessor.postProcessBeforeInitialization(bean, "bean")).isSameAs(bean);
		assertThat(bean.intPort).isEqualTo(1234);
		assertThat(bean.integerPort).isEqualTo(1234);
		assertThat(bean.longPort).isEqualTo(2345L);
		assertThat(bean.boxedLongPort).isEqualTo(2345L);
		assertThat(bean.stringPort).isEqualTo("1234");
	}

	@Test
	void shouldInjectInheritedFields() {
		SubclassOfSupportedTypes bean = new SubclassOfSupportedTypes();
		this.postProcessor.postProcessBeforeInitialization(bean, "bean");
		assertThat(bean.intPort).isEqualTo(1234);
	}

	@Test
	void shouldRejectUnsupportedFieldType() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessBeforeInitialization(new UnsupportedType(), "bean"))
			.withMessageContaining("field 'port' of " + UnsupportedType.class.getName())
			.withMessageContaining("java.lang.Double");
	}

	@Test
	void shouldRejectPropertyThatIsNotAPort() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("broken", Map.of("local.tcp.listener.echo.port", "not-a-port")));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessBeforeInitialization(new SupportedTypes(), "bean"))
			.withMessageContaining("property local.tcp.listener.echo.port has value 'not-a-port'");
	}

	@Test
	void shouldRejectSetterWithoutSingleParameter() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessBeforeInitialization(new InvalidSetter(), "bean"))
			.withMessageContaining("exactly one parameter")
			.withMessageContaining("method 'port'");
	}

	@Test
	void shouldLeaveBeansWithoutAnnotationUntouched() {
		Object bean = new Object();
		assertThat(this.postProcessor.postProcessBeforeInitialization(bean, "bean")).isSameAs(bean);
	}

	static class MissingListener {

		@LocalTcpPort("x")
		int port;

	}

	static class SupportedTypes {

		@LocalTcpPort("echo")
		int intPort;

		@LocalTcpPort("echo")
		Integer integerPort;

		@LocalTcpPort("admin")
		long longPort;

		@LocalTcpPort("admin")
		Long boxedLongPort;

		@LocalTcpPort("echo")
		String stringPort;

	}

	static class SubclassOfSupportedTypes extends SupportedTypes {

	}

	static class UnsupportedType {

		@LocalTcpPort("echo")
		Double port;

	}

	static class InvalidSetter {

		@LocalTcpPort("echo")
		void port(int port, int other) {
		}

	}

}
