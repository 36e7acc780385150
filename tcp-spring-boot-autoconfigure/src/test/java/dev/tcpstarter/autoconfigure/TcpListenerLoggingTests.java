package dev.tcpstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One INFO line per listener event, as a {@link SpringApplication} logs it: Spring
 * Integration's own lines for each listener's connection factory are at {@code WARN}
 * unless the application asks for them.
 */
@ExtendWith(OutputCaptureExtension.class)
class TcpListenerLoggingTests {

	private static final String SPRING_INTEGRATION_LINE = "bean 'tcpListener.logged'";

	@ParameterizedTest
	@ValueSource(strings = { "net", "nio" })
	void shouldLogOnlyTheStartersLinesForAListenerStartingAndStopping(String transport, CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--tcp.listeners.logged.transport=" + transport)) {
			int port = context.getEnvironment().getRequiredProperty("local.tcp.listener.logged.port", Integer.class);
			try (TcpTestClient client = TcpTestClient.connect(port)) {
				client.send("ping").expect("ping");
			}
			assertThat(output).contains("TCP listener 'logged' started on port " + port);
		}
		assertThat(output).doesNotContain(SPRING_INTEGRATION_LINE).doesNotContain("Server Socket closed");
	}

	@Test
	void shouldKeepTheDefaultWhenTheApplicationSetsRootToInfo(CapturedOutput output) {
		run("--logging.level.root=info").close();
		assertThat(output).contains("TCP listener 'logged' started on port").doesNotContain(SPRING_INTEGRATION_LINE);
	}

	@Test
	void shouldShowSpringIntegrationsLinesWhenTheApplicationSetsTheirCategory(CapturedOutput output) {
		run("--logging.level.dev.tcpstarter.integration.NetServerConnectionFactory=info").close();
		assertThat(output).contains("started " + SPRING_INTEGRATION_LINE)
			.contains("stopped " + SPRING_INTEGRATION_LINE);
	}

	@Test
	void shouldShowSpringIntegrationsLinesWhenTheApplicationDebugsAParentCategory(CapturedOutput output) {
		run("--logging.level.dev.tcpstarter.integration=debug").close();
		assertThat(output).contains("started " + SPRING_INTEGRATION_LINE);
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(LoggedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--tcp.listeners.logged.host=127.0.0.1", "--tcp.listeners.logged.port=0"));
		arguments.addAll(List.of(args));
		return application.run(arguments.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TcpAutoConfiguration.class, SslAutoConfiguration.class })
	@Import(EchoService.class)
	static class LoggedApplication {

	}

}
