package dev.tcpstarter.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.util.unit.DataSize;

/**
 * How frames are cut and encoded on a connection: the settings listeners and clients
 * share.
 *
 * @author tcp-spring-boot-starter
 */
public abstract class TcpFramingProperties {

	/**
	 * Framing of incoming and outgoing frames: raw (each read as it arrives), lf, crlf,
	 * stx-etx, length-prefix, or the name of a bean that is both a Serializer<byte[]> and
	 * a Deserializer<byte[]>.
	 */
	private String framing = "raw";

	/**
	 * Size in bytes of the big-endian length prefix of length-prefix framing: 1, 2 or 4.
	 */
	private int lengthPrefixSize = 4;

	/**
	 * Largest frame accepted. A larger one is a frame error and the connection is closed;
	 * under raw framing larger reads are split instead.
	 */
	private DataSize maxFrameSize = DataSize.ofKilobytes(64);

	/**
	 * Charset of String payloads and of writes and reads of text.
	 */
	private Charset charset = StandardCharsets.UTF_8;

	public String getFraming() {
		return this.framing;
	}

	public void setFraming(String framing) {
		this.framing = framing;
	}

	public int getLengthPrefixSize() {
		return this.lengthPrefixSize;
	}

	public void setLengthPrefixSize(int lengthPrefixSize) {
		this.lengthPrefixSize = lengthPrefixSize;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public Charset getCharset() {
		return this.charset;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

}
