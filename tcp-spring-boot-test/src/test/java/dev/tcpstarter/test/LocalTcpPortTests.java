package dev.tcpstarter.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalTcpPort @LocalTcpPort} in a Spring TestContext test.
 */
@SpringJUnitConfig(LocalTcpPortTests.Config.class)
@TestPropertySource(properties = { "local.tcp.listener.echo.port=1234", "local.tcp.listener.admin.port=2345" })
class LocalTcpPortTests {

	@LocalTcpPort("echo")
	int port;

	@LocalTcpPort("echo")
	Integer boxedPort;

	@LocalTcpPort("admin")
	long longPort;

	@LocalTcpPort("admin")
	String textPort;

	@Autowired
	PortHolder portHolder;

	@Test
	void shouldInjectPortIntoTestInstanceField() {
		assertThat(this.port).isEqualTo(1234);
	}

	@Test
	void shouldConvertPortToFieldType() {
		assertThat(this.boxedPort).isEqualTo(1234);
		assertThat(this.longPort).isEqualTo(2345L);
		assertThat(this.textPort).isEqualTo("2345");
	}

	@Test
	void shouldInjectPortIntoTestMethodParameter(@LocalTcpPort("echo") int port, @LocalTcpPort("admin") String admin) {
		assertThat(port).isEqualTo(1234);
		assertThat(admin).isEqualTo("2345");
	}

	@Test
	void shouldInjectPortIntoBeanFieldAndSetter() {
		assertThat(this.portHolder.port).isEqualTo(1234);
		assertThat(this.portHolder.adminPort).isEqualTo(2345L);
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		PortHolder portHolder() {
			return new PortHolder();
		}

	}

	static class PortHolder {

		@LocalTcpPort("echo")
		private int port;

		private long adminPort;

		@LocalTcpPort("admin")
		void setAdminPort(long adminPort) {
			this.adminPort = adminPort;
		}

	}

}
