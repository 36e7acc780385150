package dev.tcpstarter.listener;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A list of addresses and CIDR blocks, such as a listener's trusted proxies or its
 * allowed and denied addresses.
 */
public final class AddressBlocks {

	/**
	 * The empty list: it contains no address.
	 */
	public static final AddressBlocks NONE = new AddressBlocks(List.of());

	private final List<AddressBlock> blocks;

	private AddressBlocks(List<AddressBlock> blocks) {
		this.blocks = blocks;
	}

	/**
	 * Parse a list of addresses and CIDR blocks.
	 * @param entries the entries, each an IP address literal or {@code address/prefix}
	 * @return the list
	 * @throws IllegalArgumentException naming the first entry that is neither
	 */
	public static AddressBlocks parse(Collection<String> entries) {
		List<AddressBlock> blocks = new ArrayList<>(entries.size());
		for (String entry : entries) {
			blocks.add(AddressBlock.parse(entry));
		}
		return new AddressBlocks(List.copyOf(blocks));
	}

	/**
	 * Return whether an address lies in one of the blocks.
	 * @param address the address
	 * @return {@code true} if it does
	 */
	public boolean contains(InetAddress address) {
		for (AddressBlock block : this.blocks) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether the list is empty.
	 * @return {@code true} without entries
	 */
	public boolean isEmpty() {
		return this.blocks.isEmpty();
	}

	@Override
	public String toString() {
		return this.blocks.toString();
	}

}
