package dev.tcpstarter.integration;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.tcpstarter.listener.TcpSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A keepalive timer the platform does not support: one WARN when the listener is set up,
 * the other timers still set on every accepted socket, nothing logged per connection. The
 * platform is simulated by leaving {@code TCP_KEEPIDLE} out of the supported options of a
 * platform that has them all (Linux).
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketOptionsSupportTests {

	@Test
	void shouldWarnOnceAboutAnUnsupportedTimerAndSetTheOthersOnEveryAcceptedSocket(CapturedOutput output)
			throws Exception {
		Set<SocketOption<?>> platform = KeepAliveTimers.platformOptions();
		assumeThat(platform).as("a platform with all keepalive timers")
			.contains(ExtendedSocketOptions.TCP_KEEPIDLE, ExtendedSocketOptions.TCP_KEEPINTERVAL);
		Set<SocketOption<?>> withoutIdle = new HashSet<>(platform);
		withoutIdle.remove(ExtendedSocketOptions.TCP_KEEPIDLE);
		TcpSocketOptions options = TcpSocketOptions.builder()
			.keepAlive(true)
			.keepAliveIdle(Duration.ofSeconds(60))
			.keepAliveInterval(Duration.ofSeconds(5))
			.build();
		SocketOptionsSupport support = new SocketOptionsSupport("edge", options, withoutIdle);
		assertThat(output).containsOnlyOnce("TCP listener 'edge' cannot set socket.keep-alive-idle (TCP_KEEPIDLE) on "
				+ System.getProperty("os.name"));
		assertThat(output).doesNotContain("TCP_KEEPINTERVAL");
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket server = new ServerSocket(0, 50, loopback);
				Socket firstClient = new Socket(loopback, server.getLocalPort());
				Socket first = server.accept();
				Socket secondClient = new Socket(loopback, server.getLocalPort());
				Socket second = server.accept()) {
			int defaultIdle = first.getOption(ExtendedSocketOptions.TCP_KEEPIDLE);
			support.postProcessSocket(first);
			support.postProcessSocket(second);
			for (Socket accepted : new Socket[] { first, second }) {
				assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5);
				assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(defaultIdle);
			}
			TcpSocketOptions accepted = support.accepted();
			assertThat(accepted).isNotNull();
			assertThat(accepted.keepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(accepted.keepAliveIdle()).as("not read where unsupported").isNull();
		}
		assertThat(output).containsOnlyOnce("cannot set");
	}

}
