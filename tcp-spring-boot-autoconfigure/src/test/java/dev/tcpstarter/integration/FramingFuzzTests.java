package dev.tcpstarter.integration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized tests of every built-in codec, reproducible by seed: random streams cut into
 * random reads never crash a decoder or yield a frame above {@code max-frame-size}, and
 * every valid frame survives encode-then-decode, however the stream is split into reads.
 */
class FramingFuzzTests {

	private static final int MAX = 256;

	private static final int CASES = 400;

	static Stream<String> framings() {
		return Stream.of("raw", "lf", "crlf", "stx-etx", "length-prefix-1", "length-prefix-2", "length-prefix-4");
	}

	@ParameterizedTest
	@MethodSource("framings")
	void randomBytesNeverCrashTheDecoder(String framing) {
		for (int seed = 0; seed < CASES; seed++) {
			Random random = new Random(seed);
			byte[] stream = new byte[random.nextInt(2000)];
			random.nextBytes(stream);
			if (random.nextBoolean() && stream.length > 0) {
				// sprinkle delimiters so that some frames complete
				for (int i = 0; i < stream.length / 20; i++) {
					stream[random.nextInt(stream.length)] = (byte) "\n\r\u0002\u0003".charAt(random.nextInt(4));
				}
			}
			decodeUntilTheEnd(framing, stream, reader(stream, 1 + random.nextInt(64), random.nextBoolean()), seed);
		}
	}

	private static void decodeUntilTheEnd(String framing, byte[] stream, InputStream in, int seed) {
		AbstractByteArraySerializer codec = FramingTests.codec(framing, MAX);
		for (int i = 0; i <= stream.length; i++) {
			try {
				byte[] frame = codec.deserialize(in);
				assertThat(frame.length).as("seed %d", seed).isLessThanOrEqualTo(MAX);
			}
			catch (SoftEndOfStreamException | FramingException ex) {
				return;
			}
			catch (IOException ex) {
				throw new AssertionError("Unexpected " + ex + " (seed " + seed + ")", ex);
			}
		}
		throw new AssertionError("The decoder did not reach the end of a finite stream (seed " + seed + ")");
	}

	@ParameterizedTest
	@MethodSource("framings")
	void everyValidFrameRoundTrips(String framing) throws IOException {
		if (framing.equals("raw")) {
			return;
		}
		AbstractByteArraySerializer codec = FramingTests.codec(framing, MAX);
		for (int seed = 0; seed < CASES; seed++) {
			Random random = new Random(seed);
			List<byte[]> valid = new ArrayList<>();
			ByteArrayOutputStream encoded = new ByteArrayOutputStream();
			for (int f = random.nextInt(20); f > 0; f--) {
				byte[] frame = new byte[random.nextInt(200)];
				random.nextBytes(frame);
				if (isValid(framing, frame)) {
					valid.add(frame);
					codec.serialize(frame, encoded);
				}
			}
			InputStream in = reader(encoded.toByteArray(), 1 + random.nextInt(64), random.nextBoolean());
			for (byte[] frame : valid) {
				assertThat(codec.deserialize(in)).as("seed %d", seed).isEqualTo(frame);
			}
		}
	}

	private static boolean isValid(String framing, byte[] frame) {
		for (int i = 0; i < frame.length; i++) {
			byte b = frame[i];
			boolean delimiter = switch (framing) {
				case "lf" -> b == '\n';
				case "crlf" -> b == '\n' && i > 0 && frame[i - 1] == '\r' || (b == '\r' && i == frame.length - 1);
				case "stx-etx" -> b == 0x03;
				default -> false;
			};
			if (delimiter) {
				return false;
			}
		}
		return true;
	}

	private static InputStream reader(byte[] bytes, int readSize, boolean buffered) {
		InputStream chunked = new ByteArrayInputStream(bytes) {

			@Override
			public synchronized int read(byte[] target, int offset, int length) {
				return super.read(target, offset, Math.min(length, readSize));
			}

			@Override
			public synchronized int available() {
				return Math.min(super.available(), readSize);
			}

		};
		return buffered ? new FrameInputStream(chunked, 64, null) : chunked;
	}

}
