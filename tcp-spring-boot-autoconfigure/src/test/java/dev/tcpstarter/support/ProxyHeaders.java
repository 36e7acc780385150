package dev.tcpstarter.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers built by hand, for tests that play a load balancer.
 */
public final class ProxyHeaders {

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private ProxyHeaders() {
	}

	/**
	 * Return the twelve bytes a version 2 header starts with.
	 * @return a copy of the signature
	 */
	public static byte[] v2Signature() {
		return V2_SIGNATURE.clone();
	}

	/**
	 * Build a version 2 header followed by data.
	 * @param versionCommand the version and command byte ({@code 0x21} PROXY,
	 * {@code 0x20} LOCAL)
	 * @param family the address family and protocol byte ({@code 0x11} TCP over IPv4,
	 * {@code 0x21} TCP over IPv6)
	 * @param body the addresses and TLVs
	 * @param data ASCII text after the header
	 * @return the bytes
	 */
	public static byte[] v2(int versionCommand, int family, byte[] body, String data) {
		ByteBuffer buffer = ByteBuffer.allocate(16 + body.length + data.length());
		buffer.put(V2_SIGNATURE)
			.put((byte) versionCommand)
			.put((byte) family)
			.putShort((short) body.length)
			.put(body)
			.put(data.getBytes(StandardCharsets.US_ASCII));
		return buffer.array();
	}

}
