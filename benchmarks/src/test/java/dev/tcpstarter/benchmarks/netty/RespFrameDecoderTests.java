package dev.tcpstarter.benchmarks.netty;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RespFrameDecoderTests {

	private static final String SET = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";

	private static final String PING_INLINE = "PING\r\n";

	@Test
	void splitAndCoalescedInputGivesExactCommands() {
		EmbeddedChannel channel = new EmbeddedChannel(new RespFrameDecoder(1024));
		byte[] all = (SET + PING_INLINE + SET).getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < all.length; i += 7) { // split at arbitrary points, several
													// commands per chunk
			channel.writeInbound(Unpooled.wrappedBuffer(all, i, Math.min(7, all.length - i)));
		}
		assertThat(text(channel.readInbound())).isEqualTo(SET);
		assertThat(text(channel.readInbound())).isEqualTo(PING_INLINE);
		assertThat(text(channel.readInbound())).isEqualTo(SET);
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void tooLargeCommandFails() {
		EmbeddedChannel channel = new EmbeddedChannel(new RespFrameDecoder(32));
		assertThatExceptionOfType(TooLongFrameException.class).isThrownBy(() -> channel
			.writeInbound(Unpooled.copiedBuffer("*2\r\n$3\r\nGET\r\n$100\r\n", StandardCharsets.US_ASCII)));
	}

	private static String text(Object frame) {
		return new String((byte[]) frame, StandardCharsets.US_ASCII);
	}

}
