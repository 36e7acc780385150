package dev.tcpstarter.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tcpstarter.fd.DescriptorLimitedApplication;
import dev.tcpstarter.support.Sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A listener whose process runs out of file descriptors keeps its open connections, and
 * serves again once descriptors are free. The application runs in a JVM of its own under
 * {@code ulimit -n}; the test holds connections until accepting fails, keeps a few open
 * and closes the others.
 */
class DescriptorExhaustionTests {

	// enough for the JVM, its jars and Spring Boot, with a few hundred left for
	// connections
	private static final int DESCRIPTOR_LIMIT = 320;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@TempDir
	Path directory;

	private Process application;

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void stop() {
		this.sockets.forEach(Sockets::closeQuietly);
		if (this.application != null) {
			this.application.destroyForcibly();
		}
	}

	@ParameterizedTest
	@EnumSource(TcpTransport.class)
	void shouldKeepItsConnectionsAndServeAgainOnceDescriptorsAreFree(TcpTransport transport) throws Exception {
		assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isExecutable(Path.of("/bin/bash")),
				"Linux with bash");
		int port = start(transport);
		List<Socket> kept = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Socket socket = connect(port);
			assertThat(exchange(socket, "kept " + i)).isEqualTo("kept " + i);
			kept.add(socket);
		}
		// one connection after the other, each served, until one is not: accepting failed
		List<Socket> fillers = new ArrayList<>();
		while (!log().contains("Too many open files")) {
			assertThat(fillers).as(this::log).hasSizeLessThan(DESCRIPTOR_LIMIT);
			Socket filler = connect(port);
			filler.getOutputStream().write("fill\n".getBytes(StandardCharsets.US_ASCII));
			fillers.add(filler);
			await("an answer, or a failed accept").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> filler.getInputStream().available() > 0 || log().contains("Too many open files"));
		}
		fillers.forEach(Sockets::closeQuietly);

		await("a new connection served").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> servedOnce(port));
		for (Socket socket : kept) {
			assertThat(exchange(socket, "still open")).as(this::log).isEqualTo("still open");
		}
		Socket probe = connect(port);
		Matcher stats = Pattern.compile("rejected-resources=(\\d+) active=(\\d+)").matcher(exchange(probe, "stats"));
		assertThat(stats.matches()).isTrue();
		assertThat(Long.parseLong(stats.group(1))).as("rejected{reason=resources}").isPositive();
		String log = log();
		assertThat(log).contains("TCP listener 'main' cannot accept connections");
		assertThat(log.split("Too many open files", -1)).as("lines about the failed accepts").hasSizeLessThan(4);
	}

	private int start(TcpTransport transport) throws IOException {
		Path portFile = this.directory.resolve("port");
		List<String> command = List.of("/bin/bash", "-c", "ulimit -n \"$0\" && exec \"$@\"",
				Integer.toString(DESCRIPTOR_LIMIT), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx128m", "-Xss256k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), DescriptorLimitedApplication.class.getName(),
				"--spring.main.banner-mode=off", "--spring.main.web-application-type=none",
				"--tcp.listeners.main.host=127.0.0.1", "--tcp.listeners.main.port=0", "--tcp.listeners.main.framing=lf",
				"--tcp.listeners.main.transport=" + transport.name().toLowerCase(), "--fd.port-file=" + portFile);
		this.application = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("application.log").toFile())
			.start();
		await("the listener's port file").atMost(Duration.ofSeconds(90))
			.until(() -> Files.exists(portFile) || !this.application.isAlive());
		assertThat(portFile).as(this::log).exists();
		return Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII));
	}

	private Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		return socket;
	}

	/**
	 * Connect, send a line and return whether it came back; the socket is closed either
	 * way.
	 */
	private boolean servedOnce(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
			socket.setSoTimeout(1000);
			return "ping".equals(exchange(socket, "ping"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String exchange(Socket socket, String line) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		StringBuilder answer = new StringBuilder();
		int next;
		while ((next = in.read()) >= 0 && next != '\n') {
			answer.append((char) next);
		}
		return answer.toString();
	}

	private String log() {
		try {
			return Files.readString(this.directory.resolve("application.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "no output of the application: " + ex;
		}
	}

}
