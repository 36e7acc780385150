package dev.tcpstarter.listener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;

/**
 * What {@code @OnConnect} may do with its caller before the connection service exists:
 * write a greeting (server speaks first), or close the connection.
 */
class ConnectWritesTests {

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldWriteAGreetingFromOnConnectBeforeAnyFrame(TcpTransport transport) {
		TcpContextRunners.runner()
			.withUserConfiguration(GreetingConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport.name())
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
					client.expect("hello");
					client.send("ping").expect("ping");
				}
			});
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldCloseTheConnectionWhenOnConnectClosesIt(TcpTransport transport) {
		TcpContextRunners.runner()
			.withUserConfiguration(GreetingConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=" + transport.name(), "greeting.close=true")
			.run((context) -> {
				try (TcpTestClient client = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
					client.expect("bye").expectClosed();
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfiguration {

		@Bean
		GreetingService greetingService(Environment environment) {
			return new GreetingService(environment.getProperty("greeting.close", Boolean.class, false));
		}

	}

	@TcpService
	static class GreetingService {

		private final boolean close;

		GreetingService(boolean close) {
			this.close = close;
		}

		@OnConnect
		EchoConnection onConnect(TcpCaller caller) {
			if (this.close) {
				caller.write("bye");
				caller.close();
			}
			else {
				caller.write("hello");
			}
			return new EchoConnection();
		}

	}

	@ConnectionService
	static class EchoConnection {

		@OnBytes
		String onBytes(String line) {
			return line;
		}

	}

}
