package dev.tcpstarter.benchmarks.resp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class RespCodecTests {

	private static final String SET = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";

	private static final String GET = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";

	private static final String PING_INLINE = "PING\r\n";

	private static final String EMPTY_BULK = "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n";

	private final RespCodec codec = new RespCodec();

	@Test
	void coalescedCommandsComeOutOneByOneWithTheirExactBytes() throws IOException {
		InputStream in = new ByteArrayInputStream(bytes(SET + GET + PING_INLINE + EMPTY_BULK + GET));
		assertThat(text(this.codec.deserialize(in))).isEqualTo(SET);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(GET);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(PING_INLINE);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(EMPTY_BULK);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(GET);
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.codec.deserialize(in));
	}

	@Test
	void commandsSplitIntoTinyReadsAreReassembled() throws IOException {
		String big = "x".repeat(5000);
		String bigSet = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000\r\n" + big + "\r\n";
		InputStream in = new TrickleInputStream(bytes(SET + bigSet + PING_INLINE + GET));
		assertThat(text(this.codec.deserialize(in))).isEqualTo(SET);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(bigSet);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(PING_INLINE);
		assertThat(text(this.codec.deserialize(in))).isEqualTo(GET);
	}

	@Test
	void tooLargeCommandIsRejectedBeforeItsBodyIsRead() {
		RespCodec small = new RespCodec(64);
		InputStream in = new ByteArrayInputStream(bytes("*2\r\n$3\r\nGET\r\n$100\r\n"));
		assertThatIOException().isThrownBy(() -> small.deserialize(in)).withMessageContaining("max message size 64");
		InputStream inline = new ByteArrayInputStream(bytes("PING " + "y".repeat(100) + "\r\n"));
		assertThatIOException().isThrownBy(() -> small.deserialize(inline))
			.withMessageContaining("max message size 64");
	}

	@Test
	void closeInsideACommandAndGarbageAreErrors() {
		assertThatIOException()
			.isThrownBy(() -> this.codec.deserialize(new ByteArrayInputStream(bytes("*2\r\n$3\r\nGE"))))
			.isNotInstanceOf(SoftEndOfStreamException.class);
		assertThatIOException()
			.isThrownBy(() -> this.codec.deserialize(new ByteArrayInputStream(bytes("*1\r\n+OK\r\n"))))
			.withMessageContaining("expected '$'");
		assertThatIOException().isThrownBy(() -> this.codec.deserialize(new ByteArrayInputStream(bytes("*x\r\n"))))
			.withMessageContaining("protocol error");
	}

	@Test
	void serializeWritesTheReplyAsIs() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.codec.serialize(RespCommands.PONG, out);
		assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.ISO_8859_1);
	}

	static String text(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Delivers at most 3 bytes per read, like a network stream receiving small segments.
	 */
	static final class TrickleInputStream extends InputStream {

		private final ByteArrayInputStream in;

		TrickleInputStream(byte[] data) {
			this.in = new ByteArrayInputStream(data);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) {
			return this.in.read(b, off, Math.min(len, 3));
		}

	}

}
