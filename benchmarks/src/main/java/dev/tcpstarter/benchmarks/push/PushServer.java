package dev.tcpstarter.benchmarks.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.push.TcpPush;

/**
 * One instance of the push benchmark:
 * {@code push-server <devicesPort> <controlPort> <redisPort> [local|redis] [--property=value...]}
 * (the properties go to Spring Boot, e.g. {@code --tcp.listeners.devices.transport=nio}
 * or {@code --spring.threads.virtual.enabled=true}). Devices connect to
 * {@code devicesPort} (LF framing) and log in with {@code login <id>}: they join
 * {@code device:<id>} and {@code all}. The load generator drives pushes over
 * {@code controlPort} (LF framing), so they originate in this JVM as an application's
 * would:
 * <ul>
 * <li>{@code targeted <count> <devices> <perSecond> <senders>}:
 * {@code sendToGroup("device:<i % devices>")} for i in 0..count, from {@code senders}
 * threads (thread t sends the pushes i with i % senders == t), each push due at
 * {@code start + i / perSecond} (0: as fast as it goes); answers
 * {@code done <nanos> <failed>}, failed being the calls that threw;</li>
 * <li>{@code broadcast <count> <intervalMillis>}: {@code sendToGroup("all")};</li>
 * <li>{@code direct <count>}: the baseline of the local transport, a
 * {@code TcpCaller.writeBytes} to the device that logged in last.</li>
 * </ul>
 * Each frame is {@code <sequence> <System.nanoTime()>}, the time taken just before the
 * {@code sendTo…} call: on one host the monotonic clock is shared by processes, so the
 * load generator measures the latency from the call to its read.
 */
@SpringBootApplication
public class PushServer {

	private static volatile TcpCaller lastDevice;

	public static void main(String[] args) {
		String transport = (args.length > 3) ? args[3] : "redis";
		new SpringApplicationBuilder(PushServer.class).web(WebApplicationType.NONE)
			.properties("tcp.listeners.devices.host=127.0.0.1", "tcp.listeners.devices.port=" + args[0],
					"tcp.listeners.devices.framing=lf", "tcp.listeners.devices.max-connections=20000",
					"tcp.listeners.devices.backlog=4096", "tcp.listeners.control.host=127.0.0.1",
					"tcp.listeners.control.port=" + args[1], "tcp.listeners.control.framing=lf",
					"tcp.push.transport=" + transport, "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + args[2], "spring.main.keep-alive=true", "logging.level.root=WARN")
			.run(Arrays.copyOfRange(args, Math.min(args.length, 4), args.length));
	}

	@TcpService(listeners = "devices")
	static class Devices {

		@OnConnect
		Device onConnect() {
			return new Device();
		}

	}

	@ConnectionService
	static class Device {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			if (line.startsWith("login ")) {
				caller.join("device:" + line.substring(6));
				caller.join("all");
				lastDevice = caller;
				return "ok";
			}
			return null;
		}

	}

	@TcpService(listeners = "control")
	static class Control {

		private final TcpPush push;

		Control(TcpPush push) {
			this.push = push;
		}

		@OnConnect
		Command onConnect() {
			return new Command(this.push);
		}

	}

	@ConnectionService
	static class Command {

		private final TcpPush push;

		Command(TcpPush push) {
			this.push = push;
		}

		@OnBytes
		String onBytes(String line) throws Exception {
			String[] words = line.trim().split(" ");
			int count = Integer.parseInt(words[1]);
			long started = System.nanoTime();
			long failed = 0;
			switch (words[0]) {
				case "targeted" -> failed = targeted(count, Integer.parseInt(words[2]), Integer.parseInt(words[3]),
						Integer.parseInt(words[4]));
				case "broadcast" -> failed = broadcast(count, Long.parseLong(words[2]));
				case "direct" -> direct(count);
				default -> {
					return "unknown command";
				}
			}
			return "done " + (System.nanoTime() - started) + " " + failed;
		}

		private long targeted(int count, int devices, int perSecond, int senders) throws Exception {
			long interval = (perSecond > 0) ? TimeUnit.SECONDS.toNanos(1) / perSecond : 0;
			long start = System.nanoTime();
			LongAdder failed = new LongAdder();
			ExecutorService executor = Executors.newFixedThreadPool(senders);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < senders; t++) {
					int first = t;
					done.add(executor.submit(() -> {
						for (int i = first; i < count; i += senders) {
							if (interval > 0) {
								long wait = start + i * interval - System.nanoTime();
								if (wait > 0) {
									LockSupport.parkNanos(wait);
								}
							}
							try {
								this.push.sendToGroup("device:" + (i % devices), frame(i));
							}
							catch (TcpException ex) {
								failed.increment();
							}
						}
					}));
				}
				for (Future<?> future : done) {
					future.get();
				}
			}
			finally {
				executor.shutdown();
			}
			return failed.sum();
		}

		private long broadcast(int count, long intervalMillis) {
			long failed = 0;
			for (int i = 0; i < count; i++) {
				try {
					this.push.sendToGroup("all", frame(i));
				}
				catch (TcpException ex) {
					failed++;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMillis));
			}
			return failed;
		}

		private void direct(int count) {
			TcpCaller device = lastDevice;
			for (int i = 0; i < count; i++) {
				device.writeBytes(frame(i));
			}
		}

		private static byte[] frame(int sequence) {
			return (sequence + " " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
		}

	}

}
