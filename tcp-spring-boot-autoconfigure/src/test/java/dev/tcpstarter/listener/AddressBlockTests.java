package dev.tcpstarter.listener;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Address literals and CIDR blocks.
 */
class AddressBlockTests {

	@ParameterizedTest
	@CsvSource({ "192.0.2.1, 192.0.2.1", "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255",
			"2001:db8::1, 2001:db8:0:0:0:0:0:1", "::1, 0:0:0:0:0:0:0:1", "::, 0:0:0:0:0:0:0:0",
			"2001:DB8:0:0:1:0:0:1, 2001:db8:0:0:1:0:0:1", "fe80::, fe80:0:0:0:0:0:0:0",
			"1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8", "::ffff:192.0.2.1, 192.0.2.1",
			"64:ff9b::192.0.2.1, 64:ff9b:0:0:0:0:c000:201" })
	void shouldParseLiterals(String literal, String expected) {
		InetAddress address = IpAddresses.parse(literal);
		assertThat(address).isNotNull();
		assertThat(address.getHostAddress()).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "999.999.999.999", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "1..2.3", "",
			"localhost", "example.com", "1.2.3.4 ", "::1::2", "1:2:3:4:5:6:7:8:9", "12345::", ":1", "1:", "::g",
			"fe80::1%eth0", "1.2.3.4/8", "::ffff:999.0.0.1" })
	void shouldRefuseWhatIsNotALiteralWithoutLookingItUp(String text) {
		// a lookup would resolve "localhost": parsing returns null instead
		assertThat(IpAddresses.parse(text)).isNull();
	}

	@Test
	void shouldMatchAddressesInsideACidrBlock() {
		AddressBlock block = AddressBlock.parse("10.1.0.0/16");
		assertThat(block.contains(address("10.1.200.3"))).isTrue();
		assertThat(block.contains(address("10.2.0.1"))).isFalse();
		assertThat(block.contains(address("::ffff:10.1.2.3"))).isTrue();
		assertThat(block.contains(address("2001:db8::1"))).isFalse();
	}

	@Test
	void shouldMatchIpv6Blocks() {
		AddressBlock block = AddressBlock.parse("2001:db8::/32");
		assertThat(block.contains(address("2001:db8:ffff::1"))).isTrue();
		assertThat(block.contains(address("2001:db9::1"))).isFalse();
		assertThat(AddressBlock.parse("::1").contains(address("::1"))).isTrue();
		assertThat(AddressBlock.parse("::/0").contains(address("fe80::1"))).isTrue();
	}

	@Test
	void shouldTreatASingleAddressAsABlockOfOne() {
		AddressBlocks blocks = AddressBlocks.parse(List.of("127.0.0.2", "192.168.0.0/24"));
		assertThat(blocks.contains(address("127.0.0.2"))).isTrue();
		assertThat(blocks.contains(address("127.0.0.3"))).isFalse();
		assertThat(blocks.contains(address("192.168.0.77"))).isTrue();
		assertThat(AddressBlocks.NONE.contains(address("127.0.0.1"))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "::/129", "gateway.local/8", "10.0.0.0/8/8" })
	void shouldRefuseMalformedBlocksNamingThem(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.parse(text)).withMessageContaining(text);
	}

	private static InetAddress address(String literal) {
		InetAddress address = IpAddresses.parse(literal);
		assertThat(address).isNotNull();
		return address;
	}

}
