package dev.tcpstarter.listener;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.support.ProxyHeaders;
import dev.tcpstarter.support.Sockets;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.support.WhoAmIService;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-client limits and address policies on real sockets from several loopback source
 * addresses (Linux routes all of 127.0.0.0/8 to the loopback interface): one client
 * cannot take every slot, and an internal listener answers only the addresses it allows.
 */
class AddressPoliciesTests {

	private final List<Socket> sockets = new ArrayList<>();

	ApplicationContextRunner runner(String... properties) {
		return TcpContextRunners.runner()
			.withUserConfiguration(WhoAmIService.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf")
			.withPropertyValues(properties);
	}

	@Test
	void shouldLimitTheConnectionsOfOneAddressWhileOthersAreServed() {
		runner("tcp.listeners.main.max-connections-per-address=2").run((context) -> {
			try {
				Socket first = served(context, "127.0.0.2", "");
				served(context, "127.0.0.2", "");
				refused(context, "127.0.0.2", "");
				served(context, "127.0.0.3", "");
				assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS_PER_ADDRESS)).isEqualTo(1);
				assertThat(listener(context).busiestAddresses(10)).containsExactly(
						new TcpAddressConnections("127.0.0.2", 2), new TcpAddressConnections("127.0.0.3", 1));
				first.close();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> listener(context).busiestAddresses(1).get(0).connections() == 1);
				served(context, "127.0.0.2", "");
			}
			finally {
				this.sockets.forEach(Sockets::closeQuietly);
			}
		});
	}

	@Test
	void shouldServeOnlyAllowedAddressesAndLetDeniedOnesWin() {
		runner("tcp.listeners.main.allowed-addresses=127.0.0.0/30, ::1",
				"tcp.listeners.main.denied-addresses=127.0.0.3")
			.run((context) -> {
				try {
					served(context, "127.0.0.2", "");
					refused(context, "127.0.0.3", "");
					refused(context, "127.0.0.5", "");
					assertThat(statistics(context).rejected(TcpRejectionReason.ADDRESS)).isEqualTo(2);
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldMatchIpv6Blocks() throws IOException {
		assumeThat(ipv6Loopback()).as("IPv6 loopback").isTrue();
		runner("tcp.listeners.main.allowed-addresses=::1/128").run((context) -> {
			try {
				served(context, "::1", "");
				refused(context, "127.0.0.2", "");
			}
			finally {
				this.sockets.forEach(Sockets::closeQuietly);
			}
		});
	}

	@Test
	void shouldCountTheClientsBehindATrustedProxyEachOnItsOwn() {
		runner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=127.0.0.1",
				"tcp.listeners.main.max-connections-per-address=1",
				"tcp.listeners.main.denied-addresses=198.51.100.0/24")
			.run((context) -> {
				try {
					// three connections from the balancer:
					// its own address is never counted
					served(context, "127.0.0.1", header("203.0.113.7"));
					refused(context, "127.0.0.1", header("203.0.113.7"));
					served(context, "127.0.0.1", header("203.0.113.8"));
					refused(context, "127.0.0.1", header("198.51.100.9"));
					assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS_PER_ADDRESS))
						.isEqualTo(1);
					assertThat(statistics(context).rejected(TcpRejectionReason.ADDRESS)).isEqualTo(1);
					assertThat(listener(context).busiestAddresses(10)).extracting(TcpAddressConnections::address)
						.containsExactlyInAnyOrder("203.0.113.7", "203.0.113.8");
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldCountTheRealPeerWhenAnUntrustedPeerSendsAHeader() {
		runner("tcp.listeners.main.proxy-protocol=optional", "tcp.listeners.main.trusted-proxies=10.0.0.0/8",
				"tcp.listeners.main.max-connections-per-address=1")
			.run((context) -> {
				try {
					Socket spoofer = Sockets.connectFrom("127.0.0.2", port(context, "main"));
					this.sockets.add(spoofer);
					spoofer.getOutputStream().write(header("203.0.113.7").getBytes(StandardCharsets.US_ASCII));
					await().atMost(Duration.ofSeconds(5)).until(() -> !listener(context).busiestAddresses(1).isEmpty());
					assertThat(listener(context).busiestAddresses(10))
						.containsExactly(new TcpAddressConnections("127.0.0.2", 1));
					refused(context, "127.0.0.2", header("203.0.113.9"));
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldApplyTheAddressPoliciesToThePeerWhenAHeaderNamesNoAddress() {
		runner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.denied-addresses=127.0.0.2",
				"tcp.listeners.main.max-connections-per-address=1")
			.run((context) -> {
				try {
					// v1 UNKNOWN, v2 LOCAL and v2 AF_UNIX name no client: the peer is the
					// client, and a denied peer stays denied
					refused(context, "127.0.0.2", "PROXY UNKNOWN\r\n");
					refusedRaw(context, "127.0.0.2", v2(0x20, 0x00, new byte[0]));
					refusedRaw(context, "127.0.0.2", v2(0x21, 0x31, new byte[216]));
					assertThat(statistics(context).rejected(TcpRejectionReason.ADDRESS)).isEqualTo(3);
					// and a peer is counted for its max-connections-per-address
					served(context, "127.0.0.3", "PROXY UNKNOWN\r\n");
					refused(context, "127.0.0.3", "PROXY UNKNOWN\r\n");
					assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS_PER_ADDRESS))
						.isEqualTo(1);
					assertThat(listener(context).busiestAddresses(10))
						.containsExactly(new TcpAddressConnections("127.0.0.3", 1));
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldRefuseAVersion2HeaderWithAnUndefinedAddressFamily() {
		runner("tcp.listeners.main.proxy-protocol=required").run((context) -> {
			try {
				refusedRaw(context, "127.0.0.2", v2(0x21, 0x51, new byte[12]));
				assertThat(statistics(context).rejected(TcpRejectionReason.PROXY_PROTOCOL)).isEqualTo(1);
				assertThat(listener(context).busiestAddresses(10)).isEmpty();
			}
			finally {
				this.sockets.forEach(Sockets::closeQuietly);
			}
		});
	}

	@Test
	void shouldCountIpv6ClientsPerPrefix() {
		runner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=127.0.0.1",
				"tcp.listeners.main.max-connections-per-address=2")
			.run((context) -> {
				try {
					// one host rotating through the addresses of its /64
					served(context, "127.0.0.1", header6("2001:db8:1:2::1"));
					served(context, "127.0.0.1", header6("2001:db8:1:2:ffff::2"));
					refused(context, "127.0.0.1", header6("2001:db8:1:2::3"));
					served(context, "127.0.0.1", header6("2001:db8:1:3::1"));
					assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS_PER_ADDRESS))
						.isEqualTo(1);
					assertThat(listener(context).busiestAddresses(10)).containsExactly(
							new TcpAddressConnections("2001:db8:1:2:0:0:0:0/64", 2),
							new TcpAddressConnections("2001:db8:1:3:0:0:0:0/64", 1));
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldCountIpv6ClientsPerConfiguredPrefix() {
		runner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=127.0.0.1",
				"tcp.listeners.main.max-connections-per-address=1", "tcp.listeners.main.ipv6-address-prefix=128")
			.run((context) -> {
				try {
					served(context, "127.0.0.1", header6("2001:db8:1:2::1"));
					served(context, "127.0.0.1", header6("2001:db8:1:2::2"));
					refused(context, "127.0.0.1", header6("2001:db8:1:2::2"));
					assertThat(listener(context).busiestAddresses(10)).containsExactlyInAnyOrder(
							new TcpAddressConnections("2001:db8:1:2:0:0:0:1", 1),
							new TcpAddressConnections("2001:db8:1:2:0:0:0:2", 1));
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldCountIpv4MappedClientsAsTheirIpv4Address() {
		runner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=127.0.0.1",
				"tcp.listeners.main.max-connections-per-address=1")
			.run((context) -> {
				try {
					Socket mapped = connect(context, "127.0.0.1", header6("::ffff:203.0.113.7"));
					assertThat(readLine(mapped)).startsWith("203.0.113.7:40000 via 127.0.0.1:");
					refused(context, "127.0.0.1", header("203.0.113.7"));
					assertThat(listener(context).busiestAddresses(10))
						.containsExactly(new TcpAddressConnections("203.0.113.7", 1));
				}
				finally {
					this.sockets.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldFailToStartWithAnIpv6AddressPrefixOutOfRange() {
		runner("tcp.listeners.main.ipv6-address-prefix=0").run((context) -> {
			TcpConfigurationException failure = findCause(context.getStartupFailure(), TcpConfigurationException.class);
			assertThat(failure.getDescription()).isEqualTo("tcp.listeners.main.ipv6-address-prefix is 0.");
			assertThat(failure.getAction()).isEqualTo("Set it to a prefix length from 1 to 128.");
		});
	}

	@Test
	void shouldFailToStartWithAMalformedEntryNamingThePropertyAndTheEntry() {
		runner("tcp.listeners.main.allowed-addresses=10.0.0.0/8, 10.0.0.0/33").run((context) -> {
			TcpConfigurationException failure = findCause(context.getStartupFailure(), TcpConfigurationException.class);
			assertThat(failure.getDescription())
				.isEqualTo("tcp.listeners.main.allowed-addresses contains '10.0.0.0/33', which is not an IP address "
						+ "or CIDR block.");
			assertThat(failure.getAction()).contains("host names are not allowed");
		});
		runner("tcp.listeners.main.trusted-proxies=lb.internal").run((context) -> assertThat(
				findCause(context.getStartupFailure(), TcpConfigurationException.class).getDescription())
			.contains("tcp.listeners.main.trusted-proxies contains 'lb.internal'"));
	}

	/**
	 * Connect from {@code localHost}, send {@code prefix} and a line, and expect an
	 * answer.
	 */
	private Socket served(AssertableApplicationContext context, String localHost, String prefix) throws IOException {
		Socket socket = connect(context, localHost, prefix);
		assertThat(readLine(socket)).as("answer to a client on %s", localHost).isNotEmpty();
		return socket;
	}

	/**
	 * Connect from {@code localHost}, send {@code prefix} and a line, and expect the
	 * connection closed without an answer.
	 */
	private void refused(AssertableApplicationContext context, String localHost, String prefix) throws IOException {
		Socket socket = connect(context, localHost, prefix);
		assertThat(readLine(socket)).as("answer to a client on %s", localHost).isEmpty();
	}

	/**
	 * Connect from {@code localHost}, send {@code header} and a line, and expect the
	 * connection closed without an answer.
	 */
	private void refusedRaw(AssertableApplicationContext context, String localHost, byte[] header) throws IOException {
		Socket socket = Sockets.connectFrom(localHost, port(context, "main"));
		this.sockets.add(socket);
		try {
			OutputStream out = socket.getOutputStream();
			out.write(header);
			out.write("who\n".getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			// closed before the write: a refusal
		}
		assertThat(readLine(socket)).as("answer to a client on %s", localHost).isEmpty();
	}

	private Socket connect(AssertableApplicationContext context, String localHost, String prefix) throws IOException {
		Socket socket = Sockets.connectFrom(localHost, port(context, "main"));
		this.sockets.add(socket);
		OutputStream out = socket.getOutputStream();
		try {
			out.write((prefix + "who\n").getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			// closed before the write: a refusal
		}
		return socket;
	}

	private static String readLine(Socket socket) throws IOException {
		StringBuilder line = new StringBuilder();
		try {
			int next;
			while ((next = socket.getInputStream().read()) >= 0 && next != '\n') {
				line.append((char) next);
			}
		}
		catch (SocketException ex) {
			// reset: closed without an answer
		}
		return line.toString();
	}

	private static String header(String client) {
		return "PROXY TCP4 " + client + " 10.0.0.1 40000 3000\r\n";
	}

	private static String header6(String client) {
		return "PROXY TCP6 " + client + " 2001:db8::1 40000 3000\r\n";
	}

	private static byte[] v2(int versionCommand, int family, byte[] body) {
		return ProxyHeaders.v2(versionCommand, family, body, "");
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	private static boolean ipv6Loopback() throws IOException {
		try (ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static TcpServer listener(AssertableApplicationContext context) {
		TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("main");
		assertThat(listener).isNotNull();
		return listener;
	}

	private static TcpListenerStatistics statistics(AssertableApplicationContext context) {
		return listener(context).statistics();
	}

}
