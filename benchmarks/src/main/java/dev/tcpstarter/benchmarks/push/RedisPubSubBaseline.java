package dev.tcpstarter.benchmarks.push;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bare baseline of the push benchmark: {@code redis-pubsub <redisPort> <messages>
 * <payloadSize>}. One connection SUBSCRIBEs, another pipelines PUBLISH commands with the
 * same payload size as a push envelope, in raw RESP; prints messages/s from the first
 * PUBLISH to the last message received. What Redis itself costs, with no client library
 * and no Spring in the way.
 */
public final class RedisPubSubBaseline {

	private RedisPubSubBaseline() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int messages = Integer.parseInt(args[1]);
		int size = Integer.parseInt(args[2]);
		LongAdder received = new LongAdder();
		try (Socket subscriber = new Socket("127.0.0.1", port); Socket publisher = new Socket("127.0.0.1", port)) {
			OutputStream subscribe = subscriber.getOutputStream();
			subscribe.write(command("SUBSCRIBE", "bench.baseline"));
			InputStream in = new BufferedInputStream(subscriber.getInputStream(), 1 << 16);
			readReply(in);
			Thread reader = new Thread(() -> {
				try {
					for (int i = 0; i < messages; i++) {
						readReply(in);
						received.increment();
					}
				}
				catch (IOException ex) {
					// ends the run
				}
			});
			reader.start();
			byte[] payload = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
			byte[] publish = command("PUBLISH", "bench.baseline", new String(payload, StandardCharsets.US_ASCII));
			OutputStream out = new BufferedOutputStream(publisher.getOutputStream(), 1 << 16);
			InputStream replies = new BufferedInputStream(publisher.getInputStream(), 1 << 16);
			Thread drain = new Thread(() -> {
				try {
					for (int i = 0; i < messages; i++) {
						readReply(replies);
					}
				}
				catch (IOException ex) {
					// ends the run
				}
			});
			drain.start();
			long started = System.nanoTime();
			for (int i = 0; i < messages; i++) {
				out.write(publish);
			}
			out.flush();
			reader.join(60_000);
			long elapsed = System.nanoTime() - started;
			System.out.printf("RESULT\tredis-pubsub\t%.0f\tmessages/s\treceived\t%d\tof\t%d\tpayload\t%d%n",
					received.sum() / (elapsed / 1e9), received.sum(), messages, size);
		}
	}

	private static byte[] command(String... words) {
		StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
		for (String word : words) {
			command.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
		}
		return command.toString().getBytes(StandardCharsets.US_ASCII);
	}

	// reads one RESP value, of any type, and discards it
	private static void readReply(InputStream in) throws IOException {
		int type = in.read();
		if (type < 0) {
			throw new IOException("closed");
		}
		long value = readLine(in);
		if (type == '*') {
			for (long i = 0; i < value; i++) {
				readReply(in);
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
