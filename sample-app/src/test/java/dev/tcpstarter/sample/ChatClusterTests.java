package dev.tcpstarter.sample;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tcpstarter.push.TcpPush;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the sample application sharing one real {@code redis-server} (profile
 * {@code redis}: {@code tcp.push.transport=redis}), as the README tells how to try by
 * hand: members connected to different instances share their rooms. Skipped when
 * {@code /usr/bin/redis-server} is not installed.
 */
class ChatClusterTests {

	private static final String REDIS_SERVER = "/usr/bin/redis-server";

	private static Process redis;

	private static Path redisDirectory;

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startRedisAndTwoInstances() throws IOException {
		Assumptions.assumeTrue(new File(REDIS_SERVER).canExecute(), REDIS_SERVER + " is not installed");
		int port = QuoteServicePort.freePort();
		redisDirectory = Files.createTempDirectory("sample-redis-");
		redis = new ProcessBuilder(REDIS_SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--dir", redisDirectory.toString())
			.redirectErrorStream(true)
			.redirectOutput(redisDirectory.resolve("redis.log").toFile())
			.start();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
		for (int i = 0; i < 2; i++) {
			instances.add(instance(port));
		}
		for (ConfigurableApplicationContext instance : instances) {
			TcpPush push = instance.getBean(TcpPush.class);
			// this instance's heartbeat came back through Redis: its subscription works
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> push.status().up());
		}
	}

	private static ConfigurableApplicationContext instance(int redisPort) {
		int quotePort = QuoteServicePort.freePort();
		// command-line arguments: they win over application.yml (builder properties would
		// not)
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--tcp.listeners.echo.port=0", "--tcp.listeners.ack.port=0",
				"--tcp.listeners.chat.port=0", "--tcp.listeners.lb.port=0", "--tcp.listeners.tls-echo.port=0",
				"--tcp.listeners.devices.port=0", "--tcp.listeners.slow.port=0",
				"--tcp.listeners.quote-service.port=" + quotePort, "--tcp.clients.quotes.port=" + quotePort,
				"--tcp.clients.feed.port=" + quotePort, "--spring.profiles.active=redis",
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort);
	}

	@AfterAll
	static void stop() throws Exception {
		instances.forEach(ConfigurableApplicationContext::close);
		instances.clear();
		if (redis != null) {
			redis.destroyForcibly().waitFor();
			try (var files = Files.walk(redisDirectory)) {
				files.sorted((a, b) -> b.compareTo(a)).forEach((path) -> path.toFile().delete());
			}
		}
	}

	@Test
	void shouldShareRoomsAcrossInstances() {
		try (ChatMember alice = member(0); ChatMember bob = member(1)) {
			ChatMember.together("cluster", alice, bob);
			alice.send("hello from a");
			String line = "[cluster] " + alice.name() + ": hello from a";
			assertThat(alice.next()).isEqualTo(line);
			assertThat(bob.next()).isEqualTo(line);
			bob.close();
			assertThat(alice.next()).isEqualTo("* " + bob.name() + " left cluster");
		}
	}

	private static ChatMember member(int instance) {
		String port = instances.get(instance).getEnvironment().getProperty("local.tcp.listener.chat.port");
		return ChatMember.connect(Integer.parseInt(port)).leaveLobby();
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
