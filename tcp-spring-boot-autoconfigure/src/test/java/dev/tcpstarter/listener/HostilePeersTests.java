package dev.tcpstarter.listener;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.Sockets;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.support.WhoAmIService;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers that try to hold what the limits exist to bound, on real sockets: every phase
 * before a handler is counted and has a deadline, memory follows bytes received, and a
 * PROXY header is believed only from a trusted proxy.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostilePeersTests {

	private static final String HEADER = "PROXY TCP4 203.0.113.7 10.0.0.1 41000 3000\r\n";

	ApplicationContextRunner proxyRunner(String... properties) {
		return TcpContextRunners.runner()
			.withUserConfiguration(WhoAmIService.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf")
			.withPropertyValues(properties);
	}

	@Test
	void shouldCutAProxyHeaderTrickledAByteAtATimeAtTheTimeout() {
		proxyRunner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.proxy-protocol-timeout=500ms")
			.run((context) -> {
				ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
				AtomicInteger sent = new AtomicInteger();
				try (Socket peer = Sockets.connectFrom("127.0.0.1", port(context, "main"))) {
					OutputStream out = peer.getOutputStream();
					byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
					// one byte every 200 ms: each read is
					// quick, the whole header would take 9 s
					trickle.scheduleAtFixedRate(() -> {
						try {
							int next = sent.get();
							if (next < header.length) {
								out.write(header[next]);
								sent.incrementAndGet();
							}
						}
						catch (IOException ex) {
							// closed by the server
						}
					}, 0, 200, TimeUnit.MILLISECONDS);
					assertThat(Sockets.isClosedByPeer(peer)).isTrue();
					assertThat(sent.get()).isLessThan(header.length);
				}
				finally {
					trickle.shutdownNow();
				}
				await().atMost(Duration.ofSeconds(5))
					.until(() -> statistics(context).rejected(TcpRejectionReason.PROXY_PROTOCOL) == 1);
			});
	}

	@Test
	void shouldRefuseConnectionsAboveTheLimitWhileSilentPeersHoldTheirProxyHeader() {
		proxyRunner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.proxy-protocol-timeout=30s",
				"tcp.listeners.main.max-connections=2")
			.run((context) -> {
				int port = port(context, "main");
				List<Socket> silent = new ArrayList<>();
				try {
					silent.add(Sockets.connectFrom("127.0.0.1", port));
					silent.add(Sockets.connectFrom("127.0.0.1", port));
					// counted from accept, while still in their PROXY header
					await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).activeConnections() == 2);
					try (Socket third = Sockets.connectFrom("127.0.0.1", port)) {
						assertThat(Sockets.isClosedByPeer(third)).isTrue();
					}
					assertThat(statistics(context).rejected(TcpRejectionReason.MAX_CONNECTIONS)).isEqualTo(1);
				}
				finally {
					silent.forEach(Sockets::closeQuietly);
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).activeConnections() == 0);
				try (TcpTestClient good = TcpTestClient.connect(port).framing(Framing.LF)) {
					good.sendRaw((HEADER + "who\n").getBytes(StandardCharsets.US_ASCII));
					good.expect("203.0.113.7:41000 via 127.0.0.1:" + good.getLocalPort());
				}
			});
	}

	@Test
	void shouldAllocateALengthPrefixedFrameOnlyAsItsBytesArrive() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=length-prefix",
					"tcp.listeners.main.max-frame-size=16MB")
			.run((context) -> {
				MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
				memory.gc();
				long before = memory.getHeapMemoryUsage().getUsed();
				List<Socket> peers = new ArrayList<>();
				try {
					for (int i = 0; i < 40; i++) {
						Socket peer = Sockets.connectFrom("127.0.0.1", port(context, "main"));
						// a length prefix of 16 MiB - 16 bytes, and nothing of the frame
						peer.getOutputStream().write(new byte[] { 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0 });
						peers.add(peer);
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> statistics(context).bytesReceived() == 160);
					memory.gc();
					long grown = memory.getHeapMemoryUsage().getUsed() - before;
					// 40 frames allocated at their announced size would be 640 MiB
					assertThat(grown).isLessThan(64L * 1024 * 1024);
				}
				finally {
					peers.forEach(Sockets::closeQuietly);
				}
			});
	}

	@Test
	void shouldTreatAHeaderFromAnUntrustedPeerAsDataWhenOptional() {
		proxyRunner("tcp.listeners.main.proxy-protocol=optional", "tcp.listeners.main.trusted-proxies=10.0.0.0/8")
			.run((context) -> {
				try (TcpTestClient spoofer = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
					String direct = "127.0.0.1:" + spoofer.getLocalPort() + " direct";
					spoofer.sendRaw((HEADER + "who\n").getBytes(StandardCharsets.US_ASCII));
					// the header line is a frame like any
					// other, and the real peer is reported
					spoofer.expect(direct).expect(direct);
				}
			});
	}

	@Test
	void shouldRefuseAnUntrustedPeerWhenAHeaderIsRequired() {
		proxyRunner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=10.0.0.0/8, ::1")
			.run((context) -> {
				try (TcpTestClient spoofer = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
					spoofer.sendRaw((HEADER + "who\n").getBytes(StandardCharsets.US_ASCII));
					spoofer.expectClosed();
				}
				assertThat(statistics(context).rejected(TcpRejectionReason.PROXY_PROTOCOL)).isEqualTo(1);
			});
	}

	@Test
	void shouldBelieveAHeaderFromATrustedProxy() {
		proxyRunner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=127.0.0.0/8")
			.run((context) -> {
				try (TcpTestClient proxy = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
					proxy.sendRaw((HEADER + "who\n").getBytes(StandardCharsets.US_ASCII));
					proxy.expect("203.0.113.7:41000 via 127.0.0.1:" + proxy.getLocalPort());
				}
			});
	}

	@Test
	void shouldKeepAForgedLogLineOnOneLine(CapturedOutput output) {
		proxyRunner("tcp.listeners.main.proxy-protocol=required").run((context) -> {
			try (TcpTestClient forger = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
				forger.sendRaw("PROXY TCP4 1.2.3.4\nINFO forged by the peer 10.0.0.1 1 2\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				forger.expectClosed();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("refused: Malformed"));
			assertThat(output.getOut()).contains("1.2.3.4\\nINFO forged by the peer")
				.doesNotContain("\nINFO forged by the peer");
		});
	}

	@Test
	void shouldWarnWhenAnyPeerMaySendAnOptionalHeaderOnAPublicAddress(CapturedOutput output) {
		proxyRunner("tcp.listeners.main.proxy-protocol=optional").run((context) -> assertThat(output.getOut())
			.contains("reads an optional PROXY protocol header from any peer on a non-loopback address"));
		proxyRunner("tcp.listeners.main.proxy-protocol=optional", "tcp.listeners.main.host=127.0.0.1",
				"tcp.listeners.main.port=0")
			.run((context) -> assertThat(
					output.getOut().split("reads an optional PROXY protocol header from any peer", -1))
				.hasSize(2));
	}

	@Test
	void shouldLetGoOfTheDeadlinesOfEstablishedConnections() {
		proxyRunner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.proxy-protocol-timeout=1h")
			.run((context) -> {
				for (int i = 0; i < 20; i++) {
					try (TcpTestClient proxy = TcpTestClient.connect(port(context, "main")).framing(Framing.LF)) {
						proxy.sendRaw((HEADER + "who\n").getBytes(StandardCharsets.US_ASCII));
						proxy.expect("203.0.113.7:41000 via 127.0.0.1:" + proxy.getLocalPort());
					}
				}
				// the header deadlines were met: only the listener's housekeeping is left
				ThreadPoolTaskScheduler scheduler = context.getBean("tcpTaskScheduler", ThreadPoolTaskScheduler.class);
				assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).hasSizeLessThan(3);
			});
	}

	@Test
	void shouldWarnWhenAnyPeerMaySendARequiredHeaderOnAPublicAddress(CapturedOutput output) {
		proxyRunner("tcp.listeners.main.proxy-protocol=required").run((context) -> assertThat(output.getOut())
			.contains("TCP listener 'main' reads a required PROXY protocol header from any peer on a non-loopback "
					+ "address: a client that connects directly can claim any address"));
		proxyRunner("tcp.listeners.main.proxy-protocol=required", "tcp.listeners.main.trusted-proxies=10.0.0.0/8")
			.run((context) -> assertThat(
					output.getOut().split("reads a required PROXY protocol header from any peer", -1))
				.hasSize(2));
	}

	private static TcpListenerStatistics statistics(AssertableApplicationContext context) {
		TcpServer listener = context.getBean(TcpListenerRegistry.class).getServer("main");
		assertThat(listener).isNotNull();
		return listener.statistics();
	}

}
