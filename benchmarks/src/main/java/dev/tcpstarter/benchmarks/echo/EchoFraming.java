package dev.tcpstarter.benchmarks.echo;

/**
 * The echo protocol of every echo variant: a 4-byte big-endian length, then that many
 * payload bytes.
 */
public final class EchoFraming {

	public static final int HEADER_SIZE = 4;

	/**
	 * Largest payload the echo servers accept: 1 MiB, comfortably above the 16 KiB
	 * scenario.
	 */
	public static final int MAX_FRAME_SIZE = 1024 * 1024;

	private EchoFraming() {
	}

}
