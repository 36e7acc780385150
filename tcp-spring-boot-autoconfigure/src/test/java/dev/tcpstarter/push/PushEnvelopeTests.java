package dev.tcpstarter.push;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the binary form of {@link PushEnvelope}.
 */
class PushEnvelopeTests {

	@Test
	void shouldRoundTrip() throws Exception {
		byte[] frame = { 0, (byte) 0xFF, 10, 13 };
		byte[] message = PushEnvelope.encode(PushEnvelope.GROUP, true, 42L, 1_700_000_000_000_000L, 123L,
				"salle é".getBytes(StandardCharsets.UTF_8), frame);
		assertThat(message).hasSize(PushEnvelope.HEADER_SIZE + 8 + 4);
		PushEnvelope envelope = PushEnvelope.decode(message, 1024);
		assertThat(envelope.kind()).isEqualTo(PushEnvelope.GROUP);
		assertThat(envelope.text()).isTrue();
		assertThat(envelope.origin()).isEqualTo(42L);
		assertThat(envelope.publishedMicros()).isEqualTo(1_700_000_000_000_000L);
		assertThat(envelope.publishedNanos()).isEqualTo(123L);
		assertThat(envelope.target()).isEqualTo("salle é");
		assertThat(envelope.frame()).containsExactly(frame);
	}

	@Test
	void shouldRefuseWhatIsNotAnEnvelope() {
		byte[] good = PushEnvelope.encode(PushEnvelope.CONNECTION, false, 1, 2, 3, "id".getBytes(), "x".getBytes());
		assertMalformed("hello".getBytes(), false, "not a push envelope");
		assertMalformed(new byte[0], false, "not a push envelope");
		byte[] version = good.clone();
		version[1] = 2;
		assertMalformed(version, false, "not a push envelope");
		byte[] kind = good.clone();
		kind[2] = 9;
		assertMalformed(kind, false, "unknown target kind");
		assertMalformed(Arrays.copyOf(good, good.length - 1), false, "frame length");
		assertMalformed(Arrays.copyOf(good, good.length + 1), false, "frame length");
		byte[] target = good.clone();
		target[27] = (byte) 0xFF;
		assertMalformed(target, false, "target length");
	}

	@Test
	void shouldRefuseOversizedFrames() {
		byte[] message = PushEnvelope.encode(PushEnvelope.GROUP, false, 1, 2, 3, "g".getBytes(), new byte[100]);
		assertMalformed(message, true, "max-frame-size");
		assertMalformed(new byte[PushEnvelope.HEADER_SIZE + PushEnvelope.MAX_TARGET_SIZE + 100], true,
				"max-frame-size");
	}

	private static void assertMalformed(byte[] message, boolean oversized, String text) {
		assertThatExceptionOfType(PushEnvelope.Malformed.class).isThrownBy(() -> PushEnvelope.decode(message, 99))
			.withMessageContaining(text)
			.satisfies((ex) -> assertThat(ex.isOversized()).isEqualTo(oversized));
	}

}
