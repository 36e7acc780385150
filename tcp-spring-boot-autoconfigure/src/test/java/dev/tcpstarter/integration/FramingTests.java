package dev.tcpstarter.integration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the built-in codecs, from a {@link FrameInputStream} (the server's path) and
 * from a plain stream (any other caller), with input split into single bytes and
 * coalesced.
 */
class FramingTests {

	private static final List<String> FRAMES = List.of("hello", "", "a\nb", "x".repeat(1000), "last");

	static Stream<Arguments> codecs() {
		List<Arguments> arguments = new ArrayList<>();
		for (String name : List.of("lf", "crlf", "stx-etx", "length-prefix-1", "length-prefix-2", "length-prefix-4")) {
			for (String reader : List.of("buffered", "buffered-1-byte-reads", "plain", "plain-1-byte-reads")) {
				arguments.add(Arguments.of(name, reader));
			}
		}
		return arguments.stream();
	}

	static AbstractByteArraySerializer codec(String name, int max) {
		if (name.startsWith("length-prefix-")) {
			return Framings.create("length-prefix", max, Integer.parseInt(name.substring("length-prefix-".length())));
		}
		return Framings.create(name, max, 4);
	}

	static InputStream reader(String reader, byte[] bytes) {
		InputStream source = reader.endsWith("1-byte-reads") ? new TrickleInputStream(bytes)
				: new ByteArrayInputStream(bytes);
		return reader.startsWith("buffered") ? new FrameInputStream(source, 64, null) : source;
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("codecs")
	void shouldRoundTripEveryFrameWhetherSplitOrCoalesced(String name, String reader) throws IOException {
		AbstractByteArraySerializer codec = codec(name, 4096);
		List<String> frames = new ArrayList<>(FRAMES);
		if (name.equals("lf")) {
			frames.remove("a\nb");
		}
		if (name.equals("length-prefix-1")) {
			frames.remove("x".repeat(1000));
		}
		ByteArrayOutputStream encoded = new ByteArrayOutputStream();
		for (String frame : frames) {
			codec.serialize(frame.getBytes(StandardCharsets.UTF_8), encoded);
		}
		InputStream in = reader(reader, encoded.toByteArray());
		for (String frame : frames) {
			assertThat(new String(codec.deserialize(in), StandardCharsets.UTF_8)).isEqualTo(frame);
		}
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> codec.deserialize(in));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("codecs")
	void shouldRefuseAFrameAboveMaxFrameSize(String name, String reader) throws IOException {
		ByteArrayOutputStream encoded = new ByteArrayOutputStream();
		codec(name, 4096).serialize(new byte[200], encoded);
		AbstractByteArraySerializer codec = codec(name, 100);
		InputStream in = reader(reader, encoded.toByteArray());
		assertThatExceptionOfType(FramingException.class).isThrownBy(() -> codec.deserialize(in))
			.withMessageContaining("100 bytes");
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("codecs")
	void shouldReportAFrameCutOffByTheEndOfTheStream(String name, String reader) throws IOException {
		ByteArrayOutputStream encoded = new ByteArrayOutputStream();
		codec(name, 4096).serialize("truncated".getBytes(StandardCharsets.UTF_8), encoded);
		byte[] bytes = encoded.toByteArray();
		byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 2);
		AbstractByteArraySerializer codec = codec(name, 4096);
		InputStream in = reader(reader, cut);
		assertThatExceptionOfType(FramingException.class).isThrownBy(() -> codec.deserialize(in))
			.withMessageContaining("Stream ended inside a frame");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("readers")
	void shouldKeepALoneLineFeedAsDataUnderCrlf(String reader) throws IOException {
		byte[] bytes = "one\ntwo\r\nthree\r\r\n".getBytes(StandardCharsets.US_ASCII);
		AbstractByteArraySerializer codec = codec("crlf", 100);
		InputStream in = reader(reader, bytes);
		assertThat(codec.deserialize(in)).asString().isEqualTo("one\ntwo");
		assertThat(codec.deserialize(in)).asString().isEqualTo("three\r");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("readers")
	void shouldRejectAStxEtxFrameWithoutStx(String reader) {
		AbstractByteArraySerializer codec = codec("stx-etx", 100);
		InputStream in = reader(reader, "abc\u0003".getBytes(StandardCharsets.US_ASCII));
		assertThatExceptionOfType(FramingException.class).isThrownBy(() -> codec.deserialize(in))
			.withMessageContaining("Expected STX");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("readers")
	void shouldDeliverWhatOneReadReturnedUnderRaw(String reader) throws IOException {
		AbstractByteArraySerializer codec = codec("raw", 4);
		InputStream in = reader(reader, "abcdefghij".getBytes(StandardCharsets.US_ASCII));
		StringBuilder all = new StringBuilder();
		while (true) {
			byte[] frame;
			try {
				frame = codec.deserialize(in);
			}
			catch (SoftEndOfStreamException ex) {
				break;
			}
			assertThat(frame.length).isBetween(1, 4);
			all.append(new String(frame, StandardCharsets.US_ASCII));
		}
		assertThat(all).hasToString("abcdefghij");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("readers")
	void shouldRefuseAFrameThatDoesNotFitItsLengthPrefix(String reader) {
		AbstractByteArraySerializer codec = codec("length-prefix-1", 1000);
		assertThatExceptionOfType(FramingException.class)
			.isThrownBy(() -> codec.serialize(new byte[256], new ByteArrayOutputStream()))
			.withMessageContaining("does not fit a 1-byte length prefix");
	}

	static Stream<String> readers() {
		return Stream.of("buffered", "buffered-1-byte-reads", "plain", "plain-1-byte-reads");
	}

	/**
	 * Returns at most one byte per read, like a peer that writes one byte at a time.
	 */
	static final class TrickleInputStream extends InputStream {

		private final ByteArrayInputStream in;

		TrickleInputStream(byte[] bytes) {
			this.in = new ByteArrayInputStream(bytes);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			return (length == 0) ? 0 : this.in.read(target, offset, 1);
		}

		@Override
		public int available() {
			return Math.min(1, this.in.available());
		}

	}

}
