package dev.tcpstarter.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The listener definition builder: the one set of defaults, and every value it refuses
 * with the message that names the property.
 */
class TcpListenerDefinitionTests {

	@Test
	void shouldApplyTheDocumentedDefaults() {
		TcpListenerDefinition definition = TcpListenerDefinition.builder("main", 3000).build();
		assertThat(definition.name()).isEqualTo("main");
		assertThat(definition.port()).isEqualTo(3000);
		assertThat(definition.host()).isNull();
		assertThat(definition.framing()).isEqualTo("raw");
		assertThat(definition.lengthPrefixSize()).isEqualTo(4);
		assertThat(definition.maxFrameSize()).isEqualTo(64 * 1024);
		assertThat(definition.charset()).isEqualTo(StandardCharsets.UTF_8);
		assertThat(definition.idleTimeout()).isNull();
		assertThat(definition.maxConnections()).isEqualTo(10_000);
		assertThat(definition.backlog()).isEqualTo(128);
		assertThat(definition.transport()).isEqualTo(TcpTransport.NET);
		assertThat(definition.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(definition.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(definition.ssl()).isNull();
		assertThat(definition.isSecure()).isFalse();
		assertThat(definition.proxyProtocol()).isEqualTo(TcpProxyProtocol.OFF);
		assertThat(definition.proxyProtocolTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(definition.trustedProxies()).isNull();
		assertThat(definition.maxConnectionsPerAddress()).isZero();
		assertThat(definition.allowedAddresses().isEmpty()).isTrue();
		assertThat(definition.deniedAddresses().isEmpty()).isTrue();
		assertThat(definition.maxPendingResults()).isEqualTo(256);
		assertThat(definition.frameTimeout()).isNull();
		assertThat(definition).hasToString("TcpListenerDefinition[main on *:3000, raw, net]");
	}

	@Test
	void shouldRefuseAnEmptyName() {
		for (String name : new String[] { "", " " }) {
			assertThatIllegalArgumentException().isThrownBy(() -> TcpListenerDefinition.builder(name, 0))
				.withMessage("Listener name must not be empty");
		}
	}

	@Test
	void shouldRefuseAPortOutsideTheRange() {
		for (int port : new int[] { -1, 65536 }) {
			assertThatIllegalArgumentException().isThrownBy(() -> TcpListenerDefinition.builder("main", port))
				.withMessage("port must be from 0 to 65535 (0 = any free port)");
		}
		assertThatNoException().isThrownBy(() -> TcpListenerDefinition.builder("main", 0));
		assertThatNoException().isThrownBy(() -> TcpListenerDefinition.builder("main", 65535));
	}

	@Test
	void shouldTrimTheHostAndTreatABlankOneAsAllInterfaces() {
		assertThat(builder().host("  127.0.0.1 ").build().host()).isEqualTo("127.0.0.1");
		assertThat(builder().host("  ").build().host()).isNull();
		assertThat(builder().host(null).build().host()).isNull();
		assertThat(builder().host("::1").build()).hasToString("TcpListenerDefinition[main on ::1:0, raw, net]");
	}

	@Test
	void shouldRefuseAnEmptyFramingAndTrimOthers() {
		refuses((builder) -> builder.framing(" "), "framing must not be empty");
		assertThat(builder().framing(" lf ").build().framing()).isEqualTo("lf");
	}

	@Test
	void shouldRefuseALengthPrefixSizeOtherThanOneTwoOrFour() {
		for (int size : new int[] { 0, 3, 8 }) {
			refuses((builder) -> builder.lengthPrefixSize(size), "length-prefix-size must be 1, 2 or 4");
		}
		for (int size : new int[] { 1, 2, 4 }) {
			assertThat(builder().lengthPrefixSize(size).build().lengthPrefixSize()).isEqualTo(size);
		}
	}

	@Test
	void shouldRefuseAMaxFrameSizeOutsideOneByteToTwoGigabytes() {
		for (long size : new long[] { 0, -1, Integer.MAX_VALUE, 3L * 1024 * 1024 * 1024 }) {
			refuses((builder) -> builder.maxFrameSize(size), "max-frame-size must be from 1B to 2GB");
		}
		assertThat(builder().maxFrameSize(1).build().maxFrameSize()).isEqualTo(1);
		assertThat(builder().maxFrameSize(Integer.MAX_VALUE - 8).build().maxFrameSize())
			.isEqualTo(Integer.MAX_VALUE - 8);
	}

	@Test
	void shouldRefuseAnIdleTimeoutThatIsNotPositive() {
		for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(999_999))) {
			refuses((builder) -> builder.idleTimeout(timeout),
					"idle-timeout must be a positive duration, or no value for none");
		}
		assertThat(builder().idleTimeout(null).build().idleTimeout()).isNull();
		assertThat(builder().idleTimeout(Duration.ofMillis(1)).build().idleTimeout()).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void shouldRefuseLimitsThatAreNotPositive() {
		refuses((builder) -> builder.maxConnections(0), "max-connections must be a positive number");
		refuses((builder) -> builder.backlog(0), "backlog must be a positive number");
		refuses((builder) -> builder.maxPendingResults(0), "max-pending-results must be a positive number");
		refuses((builder) -> builder.maxPendingResults(-5), "max-pending-results must be a positive number");
		refuses((builder) -> builder.maxConnectionsPerAddress(-1),
				"max-connections-per-address must be a positive number, or no value for none");
		TcpListenerDefinition definition = builder().maxConnections(1)
			.backlog(1)
			.maxPendingResults(1)
			.maxConnectionsPerAddress(0)
			.build();
		assertThat(definition.maxConnections()).isEqualTo(1);
		assertThat(definition.backlog()).isEqualTo(1);
		assertThat(definition.maxPendingResults()).isEqualTo(1);
		assertThat(definition.maxConnectionsPerAddress()).isZero();
	}

	@Test
	void shouldRefuseTimeoutsThatAreNotPositive() {
		refuses((builder) -> builder.writeTimeout(Duration.ZERO), "write-timeout must be a positive duration");
		refuses((builder) -> builder.proxyProtocolTimeout(Duration.ZERO),
				"proxy-protocol-timeout must be a positive duration");
		refuses((builder) -> builder.frameTimeout(Duration.ZERO),
				"frame-timeout must be a positive duration, or no value for none");
		refuses((builder) -> builder.frameTimeout(Duration.ofMillis(-1)),
				"frame-timeout must be a positive duration, or no value for none");
		refuses((builder) -> builder.shutdownTimeout(Duration.ofMillis(-1)),
				"shutdown-timeout must be zero or a positive duration");
		TcpListenerDefinition definition = builder().shutdownTimeout(Duration.ZERO)
			.frameTimeout(null)
			.frameTimeout(Duration.ofMillis(600))
			.build();
		assertThat(definition.shutdownTimeout()).isZero();
		assertThat(definition.frameTimeout()).isEqualTo(Duration.ofMillis(600));
	}

	@Test
	void shouldTreatEmptyTrustedProxiesAsAnyPeer() throws UnknownHostException {
		TcpListenerDefinition any = builder().proxyProtocol(TcpProxyProtocol.OPTIONAL)
			.trustedProxies(List.of())
			.build();
		assertThat(any.trustedProxies()).isNull();
		assertThat(any.isTrustedProxy(InetAddress.getByName("203.0.113.7"))).isTrue();
		TcpListenerDefinition some = builder().proxyProtocol(TcpProxyProtocol.REQUIRED)
			.trustedProxies(List.of("10.0.0.0/8"))
			.build();
		assertThat(some.isTrustedProxy(InetAddress.getByName("10.1.2.3"))).isTrue();
		assertThat(some.isTrustedProxy(InetAddress.getByName("203.0.113.7"))).isFalse();
		TcpListenerDefinition off = builder().trustedProxies(List.of("10.0.0.0/8")).build();
		assertThat(off.isTrustedProxy(InetAddress.getByName("10.1.2.3"))).isFalse();
	}

	@Test
	void shouldLetDeniedAddressesWinOverAllowedOnes() throws UnknownHostException {
		TcpListenerDefinition definition = builder().allowedAddresses(List.of("10.0.0.0/8"))
			.deniedAddresses(List.of("10.6.6.0/24"))
			.build();
		assertThat(definition.isAllowed(InetAddress.getByName("10.1.2.3"))).isTrue();
		assertThat(definition.isAllowed(InetAddress.getByName("10.6.6.6"))).isFalse();
		assertThat(definition.isAllowed(InetAddress.getByName("192.0.2.1"))).isFalse();
		TcpListenerDefinition open = builder().deniedAddresses(List.of("10.6.6.0/24")).build();
		assertThat(open.isAllowed(InetAddress.getByName("192.0.2.1"))).isTrue();
		assertThat(open.isAllowed(InetAddress.getByName("10.6.6.6"))).isFalse();
	}

	private static TcpListenerDefinition.Builder builder() {
		return TcpListenerDefinition.builder("main", 0);
	}

	private static void refuses(Consumer<TcpListenerDefinition.Builder> setting, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> setting.accept(builder())).withMessage(message);
	}

}
