package dev.tcpstarter.push;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.autoconfigure.TcpPushAutoConfiguration;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TcpPush} with real connections: devices log in with a line, join a
 * group with {@code TcpCaller.join} in {@code @OnBytes}, and read what a test thread
 * pushes.
 */
class PushOverSocketsTests {

	private final ApplicationContextRunner runner = TcpContextRunners.runner()
		.withConfiguration(AutoConfigurations.of(TcpPushAutoConfiguration.class))
		.withUserConfiguration(DeviceService.class)
		.withPropertyValues("tcp.listeners.devices.port=0", "tcp.listeners.devices.framing=lf");

	@Test
	void shouldPushToADeviceThatJoinedAGroup() {
		this.runner.run((context) -> {
			TcpPush push = context.getBean(TcpPush.class);
			try (TcpTestClient device = login(port(context, "devices"), "42");
					TcpTestClient other = login(port(context, "devices"), "7")) {
				push.sendToGroup("device:42", "REBOOT");
				device.expect("REBOOT");
				push.sendToGroup("all", "hello all".getBytes(StandardCharsets.UTF_8));
				device.expect("hello all");
				other.expect("hello all");
				push.sendToListener("devices", "listener-wide".getBytes(StandardCharsets.UTF_8));
				device.expect("listener-wide");
				other.expect("listener-wide");
				other.send("groups").expect("[all, device:7]");
				String id = context.getBean(DeviceService.class).ids.get("7");
				push.sendToConnection(id, "just you".getBytes(StandardCharsets.UTF_8));
				other.expect("just you");
				other.send("leave all").expect("[device:7]");
				push.sendToGroup("all", "not to 7");
				device.expect("not to 7");
				push.sendToGroup("device:7", "to 7");
				other.expect("to 7");
			}
			PushRegistry registry = context.getBean(PushRegistry.class);
			await().untilAsserted(() -> {
				assertThat(registry.connectionCount()).isZero();
				assertThat(registry.groupCount()).isZero();
			});
		});
	}

	@Test
	void shouldLeaveNothingInTheRegistryAfterManyConnections() {
		this.runner.run((context) -> {
			int port = port(context, "devices");
			PushRegistry registry = context.getBean(PushRegistry.class);
			// 100 000 cycles run on the registry itself (PushRegistryTests); over sockets
			// a few thousand keep the build short on a small machine
			for (int i = 0; i < 3000; i++) {
				try (TcpTestClient device = login(port, Integer.toString(i))) {
					device.send("groups").expect("[all, device:" + i + "]");
				}
			}
			await().untilAsserted(() -> {
				assertThat(registry.connectionCount()).isZero();
				assertThat(registry.groupCount()).isZero();
				assertThat(registry.listenerMemberCount()).isZero();
			});
		});
	}

	@Test
	void shouldNotLetADeviceThatDoesNotReadDelayTheOthersOrTheCaller() {
		this.runner.withPropertyValues("tcp.listeners.devices.write-timeout=60s", "tcp.push.max-frame-size=64KB")
			.run((context) -> {
				int port = port(context, "devices");
				TcpPush push = context.getBean(TcpPush.class);
				try (Socket stuck = new Socket("127.0.0.1", port); TcpTestClient reader = login(port, "reader")) {
					stuck.setReceiveBufferSize(4096);
					stuck.getOutputStream().write("login stuck\n".getBytes(StandardCharsets.US_ASCII));
					await().until(() -> context.getBean(PushRegistry.class).group("device:stuck").length == 1);
					// 32 MiB to each: far beyond what the socket buffers of the stuck one
					// hold, so its writes would block a thread that wrote them itself
					byte[] frame = new byte[32 * 1024];
					Arrays.fill(frame, (byte) 'x');
					int frames = 1024;
					Thread drain = new Thread(() -> {
						for (int i = 0; i < frames; i++) {
							reader.expectFrame();
						}
					});
					drain.start();
					long started = System.nanoTime();
					for (int i = 0; i < frames; i++) {
						push.sendToGroup("all", frame);
					}
					Duration publishing = Duration.ofNanos(System.nanoTime() - started);
					drain.join(Duration.ofSeconds(60).toMillis());
					Duration delivered = Duration.ofNanos(System.nanoTime() - started);
					assertThat(drain.isAlive()).as("the reading device got every frame").isFalse();
					// coarse: the stuck device holds nothing up; without it both take
					// well
					// under a second here, while the stuck one stays stuck for 60 s
					assertThat(publishing).isLessThan(Duration.ofSeconds(20));
					assertThat(delivered).isLessThan(Duration.ofSeconds(40));
					System.out.println("push-slow-reader: publishing " + publishing.toMillis() + " ms, delivered "
							+ delivered.toMillis() + " ms");
				}
			});
	}

	private static TcpTestClient login(int port, String device) {
		TcpTestClient client = TcpTestClient.connect(port).framing(Framing.LF);
		client.send("login " + device).expect("ok " + device);
		return client;
	}

	/**
	 * Devices log in with {@code login <id>}, then may ask for their groups or leave one.
	 */
	@TcpService(listeners = "devices")
	static class DeviceService {

		final ConcurrentHashMap<String, String> ids = new ConcurrentHashMap<>();

		@OnConnect
		Device onConnect() {
			return new Device(this.ids);
		}

	}

	@ConnectionService
	static class Device {

		private final ConcurrentHashMap<String, String> ids;

		Device(ConcurrentHashMap<String, String> ids) {
			this.ids = ids;
		}

		@OnBytes
		String onBytes(String line, TcpCaller caller) throws IOException {
			if (line.startsWith("login ")) {
				String device = line.substring(6);
				caller.join("device:" + device);
				caller.join("all");
				this.ids.put(device, caller.id());
				return "ok " + device;
			}
			if (line.startsWith("leave ")) {
				caller.leave(line.substring(6));
				return caller.groups().toString();
			}
			Set<String> groups = caller.groups();
			return groups.stream().sorted().toList().toString();
		}

	}

}
