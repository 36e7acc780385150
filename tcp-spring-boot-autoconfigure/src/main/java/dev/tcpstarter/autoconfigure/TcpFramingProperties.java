package dev.tcpstarter.autoconfigure;

import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * How frames are cut and encoded on a connection: the settings listeners and clients
 * share. A setting left unset keeps the default of the listener or client builder.
 */
public abstract class TcpFramingProperties {

	/**
	 * Framing of incoming and outgoing frames: raw (each read as it arrives, the
	 * default), lf, crlf, stx-etx, length-prefix, or the name of a bean that is both a
	 * Serializer<byte[]> and a Deserializer<byte[]>.
	 */
	private @Nullable String framing;

	/**
	 * Size in bytes of the big-endian length prefix of length-prefix framing: 1, 2 or 4
	 * (the default).
	 */
	private @Nullable Integer lengthPrefixSize;

	/**
	 * Largest frame accepted, 64KB by default. A larger one is a frame error and the
	 * connection is closed; under raw framing larger reads are split instead.
	 */
	private @Nullable DataSize maxFrameSize;

	/**
	 * Charset of String payloads and of writes and reads of text, UTF-8 by default.
	 */
	private @Nullable Charset charset;

	public @Nullable String getFraming() {
		return this.framing;
	}

	public void setFraming(@Nullable String framing) {
		this.framing = framing;
	}

	public @Nullable Integer getLengthPrefixSize() {
		return this.lengthPrefixSize;
	}

	public void setLengthPrefixSize(@Nullable Integer lengthPrefixSize) {
		this.lengthPrefixSize = lengthPrefixSize;
	}

	public @Nullable DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(@Nullable DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public @Nullable Charset getCharset() {
		return this.charset;
	}

	public void setCharset(@Nullable Charset charset) {
		this.charset = charset;
	}

}
