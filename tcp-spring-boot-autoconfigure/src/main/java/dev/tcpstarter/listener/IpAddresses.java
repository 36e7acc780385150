package dev.tcpstarter.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Parses IP address literals, IPv4 ({@code 192.0.2.1}) and IPv6 ({@code 2001:db8::1},
 * also with an embedded IPv4 tail such as {@code ::ffff:192.0.2.1}), without ever asking
 * the name service: text that is not a literal is refused, never looked up. Used for
 * configured address lists and, through {@link AddressBlock#parseAddress(String)}, for
 * addresses that peers send (PROXY protocol headers).
 */
final class IpAddresses {

	private IpAddresses() {
	}

	/**
	 * Parse an IP address literal.
	 * @param text the text
	 * @return the address, or {@code null} if {@code text} is not an IPv4 or IPv6 literal
	 */
	static @Nullable InetAddress parse(String text) {
		byte[] bytes = (text.indexOf(':') >= 0) ? parseIpv6(text) : parseIpv4(text);
		if (bytes == null) {
			return null;
		}
		try {
			// with raw bytes, getByAddress does no lookup
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/**
	 * Return the address a client is counted under by per-address limits: an IPv4 address
	 * (also one in IPv4-mapped IPv6 form, {@code ::ffff:192.0.2.1}) as it is, an IPv6
	 * address as its network of {@code ipv6PrefixLength} bits, since one host commonly
	 * owns a whole /64.
	 * @param address the client address
	 * @param ipv6PrefixLength the prefix length of IPv6 networks, from 1 to 128
	 * @return the address, or the network address of its prefix
	 */
	static InetAddress countedAs(InetAddress address, int ipv6PrefixLength) {
		byte[] bytes = unmapped(address.getAddress());
		if (bytes.length == 4) {
			return (address.getAddress().length == 4) ? address : byAddress(bytes);
		}
		return (ipv6PrefixLength >= 128) ? address : byAddress(mask(bytes, ipv6PrefixLength));
	}

	private static InetAddress byAddress(byte[] bytes) {
		try {
			// with raw bytes, getByAddress does no lookup
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the first {@code prefixLength} bits of an address, the others cleared.
	 */
	static byte[] mask(byte[] bytes, int prefixLength) {
		byte[] masked = bytes.clone();
		for (int i = 0; i < masked.length; i++) {
			int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
			masked[i] &= (byte) (0xff << (8 - keep));
		}
		return masked;
	}

	/**
	 * Return the IPv4 address of an IPv4-mapped IPv6 address, or the address itself.
	 */
	static byte[] unmapped(byte[] bytes) {
		if (bytes.length != 16) {
			return bytes;
		}
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return bytes;
			}
		}
		return (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
	}

	/**
	 * Parse a dotted-quad IPv4 literal: four decimal octets from 0 to 255, at most three
	 * digits each.
	 * @param text the text
	 * @return the four bytes, or {@code null}
	 */
	static byte @Nullable [] parseIpv4(String text) {
		byte[] bytes = new byte[4];
		int octet = 0;
		int value = 0;
		int digits = 0;
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '.';
			if (c >= '0' && c <= '9') {
				value = value * 10 + (c - '0');
				if (++digits > 3 || value > 255) {
					return null;
				}
			}
			else if (c == '.' && digits > 0 && octet < 4) {
				bytes[octet++] = (byte) value;
				value = 0;
				digits = 0;
			}
			else {
				return null;
			}
		}
		return (octet == 4) ? bytes : null;
	}

	/**
	 * Parse an IPv6 literal: up to eight groups of one to four hex digits, one {@code ::}
	 * for a run of zero groups, and optionally a dotted-quad IPv4 tail in place of the
	 * last two groups. Zone ids ({@code %eth0}) are not accepted.
	 * @param text the text
	 * @return the sixteen bytes, or {@code null}
	 */
	static byte @Nullable [] parseIpv6(String text) {
		int[] groups = new int[8];
		int count = 0;
		int gap = -1;
		int i = 0;
		int length = text.length();
		if (text.startsWith("::")) {
			gap = 0;
			i = 2;
		}
		else if (text.startsWith(":")) {
			return null;
		}
		while (i < length) {
			if (count == 8) {
				return null;
			}
			int end = i;
			while (end < length && Character.digit(text.charAt(end), 16) >= 0) {
				end++;
			}
			if (end < length && text.charAt(end) == '.') {
				// an IPv4 tail takes the last two groups
				byte[] ipv4 = parseIpv4(text.substring(i));
				if (ipv4 == null || count > 6) {
					return null;
				}
				groups[count++] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
				groups[count++] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
				i = length;
				break;
			}
			if (end == i || end - i > 4) {
				return null;
			}
			groups[count++] = Integer.parseInt(text, i, end, 16);
			i = end;
			if (i == length) {
				break;
			}
			if (text.charAt(i) != ':') {
				return null;
			}
			i++;
			if (i < length && text.charAt(i) == ':') {
				if (gap >= 0) {
					return null;
				}
				gap = count;
				i++;
			}
			else if (i == length) {
				// a trailing single colon
				return null;
			}
		}
		if ((gap < 0 && count != 8) || (gap >= 0 && count == 8)) {
			return null;
		}
		byte[] bytes = new byte[16];
		int zeros = 8 - count;
		for (int group = 0, out = 0; group < count; group++, out++) {
			if (group == gap) {
				out += zeros;
			}
			bytes[2 * out] = (byte) (groups[group] >> 8);
			bytes[2 * out + 1] = (byte) groups[group];
		}
		return bytes;
	}

}
