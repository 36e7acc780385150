package dev.tcpstarter.integration;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.tcpstarter.listener.AddressBlock;

/**
 * Reads a PROXY protocol header, version 1 (text) or 2 (binary), from the start of a
 * connection. It reads no byte past the header; under {@code optional}, the bytes it read
 * before deciding there is no header are returned in {@link ProxyHeader#unread()}. Memory
 * is bounded by the specification (107 bytes for v1); of v2's announced length only the
 * addresses are kept, the rest is skipped as it arrives. Addresses are literals: a header
 * never causes a name-service lookup. Peer text quoted in exception messages is escaped
 * and truncated (see {@link PeerText}).
 *
 * @see <a href="https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt">PROXY
 * protocol</a>
 */
final class ProxyProtocolReader {

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private static final int V1_MAX_LENGTH = 107;

	private static final int SKIP_BUFFER_SIZE = 256;

	private static final int LOCAL = 0;

	private static final int AF_INET = 1;

	private static final int AF_INET6 = 2;

	private static final int AF_UNIX = 3;

	private static final int DGRAM = 2;

	private ProxyProtocolReader() {
	}

	/**
	 * Read the header at the start of {@code in}.
	 * @param in the connection's input, positioned at its first byte
	 * @param required whether a connection without a header is refused
	 * @return the header
	 * @throws ProxyProtocolException if the header is malformed, or missing when required
	 * @throws IOException if reading fails or the stream ends inside the header
	 */
	public static ProxyHeader read(InputStream in, boolean required) throws IOException {
		byte[] prefix = new byte[V2_SIGNATURE.length];
		int length = 0;
		boolean v1 = true;
		boolean v2 = true;
		while (v1 || v2) {
			if (v1 && length == V1_SIGNATURE.length) {
				return readV1(in);
			}
			if (v2 && length == V2_SIGNATURE.length) {
				return readV2(in);
			}
			int next = in.read();
			if (next < 0) {
				if (length == 0 && !required) {
					return new ProxyHeader(false, null, null, ProxyHeader.NONE);
				}
				throw new EOFException("Connection closed inside the PROXY protocol header");
			}
			prefix[length] = (byte) next;
			v1 = v1 && length < V1_SIGNATURE.length && V1_SIGNATURE[length] == next;
			v2 = v2 && V2_SIGNATURE[length] == (byte) next;
			length++;
		}
		if (required) {
			throw new ProxyProtocolException("Connection does not start with a PROXY protocol header");
		}
		return new ProxyHeader(false, null, null, Arrays.copyOf(prefix, length));
	}

	private static ProxyHeader readV1(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(V1_MAX_LENGTH);
		// the whole header counts, "PROXY " and the CRLF included
		int length = V1_SIGNATURE.length;
		int previous = -1;
		while (true) {
			int next = in.read();
			if (next < 0) {
				throw new EOFException("Connection closed inside the PROXY protocol v1 header");
			}
			length++;
			if (previous == '\r' && next == '\n') {
				break;
			}
			if (length >= V1_MAX_LENGTH) {
				throw new ProxyProtocolException("PROXY protocol v1 header longer than " + V1_MAX_LENGTH + " bytes");
			}
			if (previous >= 0) {
				line.write(previous);
			}
			previous = next;
		}
		String text = line.toString(StandardCharsets.US_ASCII);
		String[] fields = text.split(" ", -1);
		if (fields.length >= 1 && fields[0].equals("UNKNOWN")) {
			// the balancer does not know the client (a health check, another protocol):
			// the rest of the line is ignored, and the socket peer is the client
			return new ProxyHeader(true, null, null, ProxyHeader.NONE);
		}
		if (fields.length != 5 || !(fields[0].equals("TCP4") || fields[0].equals("TCP6"))) {
			throw new ProxyProtocolException("Malformed PROXY protocol v1 header: " + PeerText.quote(text));
		}
		boolean ipv6 = fields[0].equals("TCP6");
		return new ProxyHeader(true, address(fields[1], ipv6, port(fields[3])),
				address(fields[2], ipv6, port(fields[4])), ProxyHeader.NONE);
	}

	private static ProxyHeader readV2(InputStream in) throws IOException {
		byte[] fixed = readExactly(in, 4);
		int version = (fixed[0] & 0xF0) >> 4;
		int command = fixed[0] & 0x0F;
		if (version != 2 || command > 1) {
			throw new ProxyProtocolException(
					String.format("Unsupported PROXY protocol v2 version/command byte 0x%02x", fixed[0]));
		}
		int family = (fixed[1] & 0xF0) >> 4;
		int protocol = fixed[1] & 0x0F;
		int length = ((fixed[2] & 0xFF) << 8) | (fixed[3] & 0xFF);
		if (command == LOCAL) {
			// the balancer's own connection (a health check): the family is ignored, and
			// the socket peer is the client
			skip(in, length);
			return new ProxyHeader(true, null, null, ProxyHeader.NONE);
		}
		if (family > AF_UNIX || protocol > DGRAM) {
			// "must be rejected as invalid by receivers"
			throw new ProxyProtocolException(String
				.format("Unsupported address family and protocol byte 0x%02x in a PROXY protocol v2 header", fixed[1]));
		}
		int addressLength = switch (family) {
			case AF_INET -> 4;
			case AF_INET6 -> 16;
			default -> 0;
		};
		if (addressLength == 0) {
			// AF_UNSPEC or AF_UNIX: no IP address, the socket peer is the client
			skip(in, length);
			return new ProxyHeader(true, null, null, ProxyHeader.NONE);
		}
		int addressBlock = 2 * addressLength + 4;
		if (length < addressBlock) {
			throw new ProxyProtocolException("PROXY protocol v2 header of " + length + " bytes is too short for its "
					+ ((addressLength == 4) ? "IPv4" : "IPv6") + " addresses");
		}
		// only the addresses are kept; the TLVs after them are skipped
		// as they arrive, so the announced length alone costs nothing
		byte[] body = readExactly(in, addressBlock);
		skip(in, length - addressBlock);
		// an IPv4-mapped IPv6 address becomes the IPv4 address (getByAddress does that)
		InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(body, 0, addressLength));
		InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(body, addressLength, 2 * addressLength));
		int ports = 2 * addressLength;
		int sourcePort = ((body[ports] & 0xFF) << 8) | (body[ports + 1] & 0xFF);
		int destinationPort = ((body[ports + 2] & 0xFF) << 8) | (body[ports + 3] & 0xFF);
		return new ProxyHeader(true, new InetSocketAddress(source, sourcePort),
				new InetSocketAddress(destination, destinationPort), ProxyHeader.NONE);
	}

	private static byte[] readExactly(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		int done = 0;
		while (done < length) {
			int count = in.read(bytes, done, length - done);
			if (count < 0) {
				throw new EOFException("Connection closed inside the PROXY protocol v2 header");
			}
			done += count;
		}
		return bytes;
	}

	private static void skip(InputStream in, int length) throws IOException {
		byte[] scratch = new byte[Math.min(length, SKIP_BUFFER_SIZE)];
		int left = length;
		while (left > 0) {
			int count = in.read(scratch, 0, Math.min(left, scratch.length));
			if (count < 0) {
				throw new EOFException("Connection closed inside the PROXY protocol v2 header");
			}
			left -= count;
		}
	}

	/**
	 * Parse an address literal of a v1 header: never a name-service lookup. A
	 * {@code TCP4} header carries dotted-quad literals, a {@code TCP6} header IPv6 ones;
	 * an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}, as dual-stack balancers send
	 * for IPv4 clients) is the IPv4 address.
	 */
	private static InetSocketAddress address(String text, boolean ipv6, int port) throws ProxyProtocolException {
		InetAddress address = AddressBlock.parseAddress(text);
		if (address == null) {
			throw new ProxyProtocolException("Malformed address in PROXY protocol v1 header: " + PeerText.quote(text));
		}
		if (ipv6 != (text.indexOf(':') >= 0)) {
			throw new ProxyProtocolException(
					"Address family mismatch in PROXY protocol v1 header: " + PeerText.quote(text));
		}
		return new InetSocketAddress(address, port);
	}

	private static int port(String text) throws ProxyProtocolException {
		if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			int port = Integer.parseInt(text);
			if (port <= 65535) {
				return port;
			}
		}
		throw new ProxyProtocolException("Malformed port in PROXY protocol v1 header: " + PeerText.quote(text));
	}

}
