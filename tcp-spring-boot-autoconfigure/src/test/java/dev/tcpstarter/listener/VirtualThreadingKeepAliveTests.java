package dev.tcpstarter.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;
import dev.tcpstarter.vt.TcpOnlyApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With {@code spring.threads.virtual.enabled=true} on Java 21+, every accept and reader
 * thread of a listener is a daemon (virtual) thread: an application whose only server is
 * a TCP listener must still stay up until it is stopped, as with Boot's embedded web
 * servers. The application runs in a JVM of its own, since exiting is what is tested. CI
 * runs this class on JDK 25.
 */
class VirtualThreadingKeepAliveTests {

	@TempDir
	Path directory;

	private Process application;

	@AfterEach
	void destroyApplication() {
		if (this.application != null) {
			this.application.destroyForcibly();
		}
	}

	@Test
	void shouldKeepATcpOnlyApplicationOnVirtualThreadsServingUntilItIsStopped() throws IOException {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21 or later");
		Path portFile = this.directory.resolve("port");
		Process process = start(portFile, "--spring.threads.virtual.enabled=true",
				"--spring.main.web-application-type=none");
		await("the listener's port file").atMost(Duration.ofSeconds(90))
			.until(() -> Files.exists(portFile) || !process.isAlive());
		assertThat(portFile).as(this::log).exists();
		int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII));

		await("3 s after startup").pollDelay(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(process::isAlive);
		try (TcpTestClient client = TcpTestClient.connect(port).framing(Framing.LF)) {
			assertThat(client.send("ping").expectString()).as(this::log).startsWith("ping on VirtualThread");
		}
		assertThat(process.isAlive()).as(this::log).isTrue();

		process.destroy();
		await("the application exits when stopped").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
	}

	private Process start(Path portFile, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
						TcpOnlyApplication.class.getName(), "--spring.main.banner-mode=off",
						"--tcp.listeners.vt.host=127.0.0.1", "--tcp.listeners.vt.port=0",
						"--tcp.listeners.vt.framing=lf", "--vt.port-file=" + portFile));
		command.addAll(List.of(arguments));
		this.application = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("application.log").toFile())
			.start();
		return this.application;
	}

	private String log() {
		try {
			return "output of the application:\n"
					+ Files.readString(this.directory.resolve("application.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "no output of the application: " + ex;
		}
	}

}
