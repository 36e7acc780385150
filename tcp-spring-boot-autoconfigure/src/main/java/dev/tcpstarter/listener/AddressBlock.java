package dev.tcpstarter.listener;

import java.net.InetAddress;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * An IP address or a CIDR block of them ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). An
 * IPv4 block also matches the same addresses in their IPv4-mapped IPv6 form
 * ({@code ::ffff:10.1.2.3}), as dual-stack sockets report them.
 */
public final class AddressBlock {

	private final byte[] network;

	private final int prefixLength;

	private final String text;

	private AddressBlock(byte[] network, int prefixLength, String text) {
		this.network = network;
		this.prefixLength = prefixLength;
		this.text = text;
	}

	/**
	 * Parse an address or a CIDR block. A single address is a block of one.
	 * @param text {@code address} or {@code address/prefix-length}, with an IPv4 or IPv6
	 * literal (host names are refused, never looked up)
	 * @return the block
	 * @throws IllegalArgumentException if {@code text} is not an address or CIDR block
	 */
	public static AddressBlock parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String literal = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		InetAddress address = IpAddresses.parse(literal);
		if (address == null) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address literal or a CIDR block");
		}
		byte[] bytes = address.getAddress();
		int bits = bytes.length * 8;
		int prefixLength = bits;
		if (slash >= 0) {
			String prefix = trimmed.substring(slash + 1);
			prefixLength = (prefix.length() > 0 && prefix.length() <= 3 && prefix.chars().allMatch(Character::isDigit))
					? Integer.parseInt(prefix) : -1;
			if (prefixLength < 0 || prefixLength > bits) {
				throw new IllegalArgumentException(
						"'" + text + "' has a prefix length that is not from 0 to " + bits + " (after the '/')");
			}
		}
		return new AddressBlock(IpAddresses.mask(bytes, prefixLength), prefixLength, trimmed);
	}

	/**
	 * Parse an IP address literal, IPv4 ({@code 192.0.2.1}) or IPv6 ({@code 2001:db8::1},
	 * also with an embedded IPv4 tail such as {@code ::ffff:192.0.2.1}), without ever
	 * asking the name service: text that is not a literal is refused, never looked up.
	 * Nothing is trimmed; zone ids ({@code %eth0}) are not accepted.
	 * @param text the text
	 * @return the address, or {@code null} if {@code text} is not an IPv4 or IPv6 literal
	 */
	public static @Nullable InetAddress parseAddress(String text) {
		return IpAddresses.parse(text);
	}

	/**
	 * Return whether the block contains an address.
	 * @param address the address
	 * @return {@code true} if it lies in the block
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = IpAddresses.unmapped(address.getAddress());
		if (bytes.length != this.network.length) {
			return false;
		}
		return Arrays.equals(IpAddresses.mask(bytes, this.prefixLength), this.network);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof AddressBlock block) && block.prefixLength == this.prefixLength
				&& Arrays.equals(block.network, this.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefixLength;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
