package dev.tcpstarter.benchmarks.push;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The bare baseline of the push benchmark:
 * {@code redis-pubsub <redisPort> <messages> <payloadSize> [subscribers]}. Each
 * subscriber (default one; two as the two instances of the push benchmark) SUBSCRIBEs on
 * a connection of its own, another connection pipelines PUBLISH commands with the same
 * payload size as a push envelope, in raw RESP, at most 10 000 ahead of the slowest
 * subscriber (so that Redis's output buffer limit for subscribers is never reached);
 * prints messages/s from the first PUBLISH until every subscriber got the last message,
 * and with {@code PUSH_PIDS=redis:<pid>} the CPU per message of redis-server and of this
 * process. What Redis itself costs, with no client library and no Spring in the way.
 */
public final class RedisPubSubBaseline {

	private static final int AHEAD = 10_000;

	private RedisPubSubBaseline() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int messages = Integer.parseInt(args[1]);
		int size = Integer.parseInt(args[2]);
		int subscriberCount = (args.length > 3) ? Integer.parseInt(args[3]) : 1;
		ProcessCpu cpu = ProcessCpu.fromEnvironment();
		List<Socket> sockets = new ArrayList<>();
		AtomicLongArray received = new AtomicLongArray(subscriberCount);
		List<Thread> readers = new ArrayList<>();
		try (Socket publisher = new Socket("127.0.0.1", port)) {
			for (int s = 0; s < subscriberCount; s++) {
				Socket subscriber = new Socket("127.0.0.1", port);
				sockets.add(subscriber);
				subscriber.getOutputStream().write(command("SUBSCRIBE", "bench.baseline"));
				InputStream in = new BufferedInputStream(subscriber.getInputStream(), 1 << 16);
				skipReply(in);
				int index = s;
				Thread reader = new Thread(() -> {
					try {
						for (int i = 0; i < messages; i++) {
							skipReply(in);
							received.lazySet(index, i + 1);
						}
					}
					catch (IOException ex) {
						// ends the run
					}
				});
				reader.start();
				readers.add(reader);
			}
			byte[] payload = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
			byte[] publish = command("PUBLISH", "bench.baseline", new String(payload, StandardCharsets.US_ASCII));
			OutputStream out = new BufferedOutputStream(publisher.getOutputStream(), 1 << 16);
			InputStream replies = new BufferedInputStream(publisher.getInputStream(), 1 << 16);
			Thread drain = new Thread(() -> {
				try {
					for (int i = 0; i < messages; i++) {
						skipReply(replies);
					}
				}
				catch (IOException ex) {
					// ends the run
				}
			});
			drain.start();
			long[] before = cpu.snapshot();
			long started = System.nanoTime();
			for (int i = 0; i < messages; i++) {
				if (i % 1000 == 0) {
					out.flush();
					while (i - slowest(received) > AHEAD) {
						LockSupport.parkNanos(20_000);
					}
				}
				out.write(publish);
			}
			out.flush();
			for (Thread reader : readers) {
				reader.join(60_000);
			}
			long elapsed = System.nanoTime() - started;
			long[] after = cpu.snapshot();
			long got = slowest(received);
			System.out.printf(
					"RESULT\tredis-pubsub\t%.0f\tmessages/s\tsubscribers\t%d\treceived\t%d\tof\t%d\tpayload\t%d%n",
					got / (elapsed / 1e9), subscriberCount, got, messages, size);
			cpu.print("redis-pubsub-" + subscriberCount, "message", messages, before, after, elapsed);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private static long slowest(AtomicLongArray received) {
		long slowest = Long.MAX_VALUE;
		for (int i = 0; i < received.length(); i++) {
			slowest = Math.min(slowest, received.get(i));
		}
		return slowest;
	}

	private static byte[] command(String... words) {
		StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
		for (String word : words) {
			command.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
		}
		return command.toString().getBytes(StandardCharsets.US_ASCII);
	}

	// reads one RESP value, of any type, and discards it
	static void skipReply(InputStream in) throws IOException {
		int type = in.read();
		if (type < 0) {
			throw new IOException("closed");
		}
		long value = readLine(in);
		if (type == '*') {
			for (long i = 0; i < value; i++) {
				skipReply(in);
			}
		}
		else if (type == '$' && value >= 0) {
			in.skipNBytes(value + 2);
		}
	}

	// reads the rest of a line as a number (or skips a simple string)
	private static long readLine(InputStream in) throws IOException {
		long number = 0;
		boolean negative = false;
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("closed");
			}
			if (c == '-') {
				negative = true;
			}
			else if (c >= '0' && c <= '9') {
				number = number * 10 + (c - '0');
			}
		}
		in.read();
		return negative ? -number : number;
	}

}
