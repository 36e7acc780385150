package dev.tcpstarter.framing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of every built-in codec: random streams cut at random points never crash a
 * decoder or yield a frame above {@code max-frame-size}, and every valid frame survives
 * encode-then-decode, however the stream is split into reads.
 */
class FramingFuzzTests {

	private static final int MAX = 256;

	@Provide
	Arbitrary<String> framings() {
		return Arbitraries.of("raw", "lf", "crlf", "stx-etx", "length-prefix-1", "length-prefix-2", "length-prefix-4");
	}

	@Property(tries = 300)
	void randomBytesNeverCrashTheDecoder(@ForAll("framings") String framing,
			@ForAll @Size(max = 2000) byte[] stream, @ForAll @IntRange(min = 1, max = 64) int readSize,
			@ForAll boolean buffered) {
		AbstractByteArraySerializer codec = FramingTests.codec(framing, MAX);
		InputStream in = reader(stream, readSize, buffered);
		for (int i = 0; i <= stream.length; i++) {
			try {
				byte[] frame = codec.deserialize(in);
				assertThat(frame.length).isLessThanOrEqualTo(MAX);
			}
			catch (SoftEndOfStreamException | FramingException ex) {
				return;
			}
			catch (IOException ex) {
				throw new AssertionError("Unexpected " + ex, ex);
			}
		}
		throw new AssertionError("The decoder did not reach the end of a finite stream");
	}

	@Property(tries = 300)
	void everyValidFrameRoundTrips(@ForAll("framings") String framing,
			@ForAll @Size(max = 20) List<@Size(max = 200) byte[]> frames,
			@ForAll @IntRange(min = 1, max = 64) int readSize, @ForAll boolean buffered) throws IOException {
		if (framing.equals("raw")) {
			return;
		}
		AbstractByteArraySerializer codec = FramingTests.codec(framing, MAX);
		List<byte[]> valid = new ArrayList<>();
		ByteArrayOutputStream encoded = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			if (isValid(framing, frame)) {
				valid.add(frame);
				codec.serialize(frame, encoded);
			}
		}
		InputStream in = reader(encoded.toByteArray(), readSize, buffered);
		for (byte[] frame : valid) {
			assertThat(codec.deserialize(in)).isEqualTo(frame);
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
