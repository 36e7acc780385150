package dev.tcpstarter.integration;

import java.io.IOException;

/**
 * A frame could not be decoded: too large, malformed, or cut off by the end of the
 * stream.
 */
class FramingException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message.
	 * @param message the detail message
	 */
	public FramingException(String message) {
		super(message);
	}

	/**
	 * Create the exception for a frame larger than {@code max-frame-size}.
	 * @param size the frame's size
	 * @param maxFrameSize the largest frame accepted
	 * @return the exception
	 */
	public static FramingException tooLarge(long size, int maxFrameSize) {
		return new FramingException("Frame of " + size + " bytes exceeds max-frame-size of " + maxFrameSize + " bytes");
	}

	static FramingException tooLargeBeforeDelimiter(String delimiter, int maxFrameSize) {
		return new FramingException("No " + delimiter + " within max-frame-size of " + maxFrameSize + " bytes");
	}

	static FramingException truncated(int received) {
		return new FramingException("Stream ended inside a frame after " + received + " bytes");
	}

}
