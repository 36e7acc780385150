package dev.tcpstarter.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Framing} and {@link FrameReader}.
 */
class FramingTests {

	@Test
	void shouldEncodeFrames() {
		byte[] payload = utf8("AB");
		assertThat(Framing.RAW.encode(payload)).containsExactly('A', 'B');
		assertThat(Framing.LF.encode(payload)).containsExactly('A', 'B', '\n');
		assertThat(Framing.CRLF.encode(payload)).containsExactly('A', 'B', '\r', '\n');
		assertThat(Framing.STX_ETX.encode(payload)).containsExactly(0x02, 'A', 'B', 0x03);
		assertThat(Framing.lengthPrefix(1).encode(payload)).containsExactly(2, 'A', 'B');
		assertThat(Framing.lengthPrefix(2).encode(payload)).containsExactly(0, 2, 'A', 'B');
		assertThat(Framing.lengthPrefix(4).encode(payload)).containsExactly(0, 0, 0, 2, 'A', 'B');
	}

	@Test
	void shouldEncodeLengthAsUnsignedBigEndian() {
		assertThat(Framing.lengthPrefix(1).encode(new byte[255])).startsWith(0xff);
		assertThat(Framing.lengthPrefix(2).encode(new byte[0x1234])).startsWith(0x12, 0x34);
	}

	@Test
	void shouldRejectPayloadTooLongForLengthPrefix() {
		assertThatIllegalArgumentException().isThrownBy(() -> Framing.lengthPrefix(1).encode(new byte[256]))
			.withMessage("Payload of 256 bytes does not fit a 1-byte length prefix");
	}

	@Test
	void shouldRejectUnsupportedLengthPrefixSize() {
		assertThatIllegalArgumentException().isThrownBy(() -> Framing.lengthPrefix(3))
			.withMessage("Length prefix size must be 1, 2 or 4, not 3");
	}

	@Test
	void shouldNameFramingsLikeListenerConfiguration() {
		assertThat(Framing.RAW).hasToString("raw");
		assertThat(Framing.STX_ETX).hasToString("stx-etx");
		assertThat(Framing.lengthPrefix(2)).hasToString("length-prefix(2)").isEqualTo(Framing.lengthPrefix(2));
		assertThat(Framing.lengthPrefix(2)).isNotEqualTo(Framing.lengthPrefix(4));
	}

	@Test
	void shouldReadCoalescedFramesAndReportEndOfStream() throws IOException {
		FrameReader reader = reader(utf8("ONE\r\nTWO\r\n"));
		assertThat(reader.readFrame(Framing.CRLF)).isEqualTo(utf8("ONE"));
		assertThat(reader.readFrame(Framing.CRLF)).isEqualTo(utf8("TWO"));
		assertThat(reader.readFrame(Framing.CRLF)).isNull();
	}

	@Test
	void shouldKeepLoneCarriageReturnInCrlfFrame() throws IOException {
		assertThat(reader(utf8("A\rB\r\n")).readFrame(Framing.CRLF)).isEqualTo(utf8("A\rB"));
	}

	@Test
	void shouldReadLargeLengthPrefixedFrame() throws IOException {
		byte[] payload = new byte[100_000];
		payload[99_999] = 7;
		assertThat(reader(Framing.lengthPrefix(4).encode(payload)).readFrame(Framing.lengthPrefix(4)))
			.isEqualTo(payload);
	}

	@Test
	void shouldKeepIncompleteFrameAtEndOfStream() throws IOException {
		FrameReader reader = reader(new byte[] { 0, 5, 'A' });
		assertThat(reader.readFrame(Framing.lengthPrefix(2))).isNull();
		assertThat(reader.buffered()).containsExactly(0, 5, 'A');
	}

	@Test
	void shouldRejectStxEtxFrameWithoutStx() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> reader(new byte[] { 'A', 0x03 }).readFrame(Framing.STX_ETX))
			.withMessage("Expected STX (0x02) at the start of a frame but got 0x41");
	}

	@Test
	void shouldDescribePrintableTextAndBinary() {
		assertThat(Bytes.describe(utf8("caf\u00e9\r\n"))).isEqualTo("\"caf\u00e9\\r\\n\" (7 bytes)");
		assertThat(Bytes.describe(new byte[] { 'A', 0x00 })).isEqualTo("[2 bytes] 41 00");
		assertThat(Bytes.describe(new byte[0])).isEqualTo("\"\" (0 bytes)");
	}

	@Test
	void shouldDescribeDurations() {
		assertThat(Bytes.describe(Duration.ofSeconds(5))).isEqualTo("5s");
		assertThat(Bytes.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
	}

	private static FrameReader reader(byte[] bytes) {
		return new FrameReader(new ByteArrayInputStream(bytes));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
