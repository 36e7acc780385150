package dev.tcpstarter.integration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tcpstarter.support.ProxyHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ProxyProtocolReader}: both versions and address families, headers
 * without addresses, optional and required modes, and malformed and random input
 * (reproducible by seed).
 */
class ProxyProtocolReaderTests {

	@Test
	void shouldReadAVersion1Ipv4Header() throws IOException {
		ByteArrayInputStream in = stream("PROXY TCP4 192.0.2.10 198.51.100.1 56324 443\r\nHELLO");
		ProxyHeader header = ProxyProtocolReader.read(in, true);
		assertThat(header.source()).isEqualTo(new InetSocketAddress("192.0.2.10", 56324));
		assertThat(header.destination()).isEqualTo(new InetSocketAddress("198.51.100.1", 443));
		assertThat(header.unread()).isEmpty();
		assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("HELLO");
	}

	@Test
	void shouldReadAVersion1Ipv6Header() throws IOException {
		ProxyHeader header = ProxyProtocolReader.read(stream("PROXY TCP6 2001:db8::1 2001:db8::2 4000 80\r\n"), true);
		assertThat(header.source()).isEqualTo(new InetSocketAddress("2001:db8::1", 4000));
	}

	@Test
	void shouldReadAVersion1UnknownHeaderWithoutAddresses() throws IOException {
		assertThat(ProxyProtocolReader.read(stream("PROXY UNKNOWN\r\nX"), true).source()).isNull();
		assertThat(ProxyProtocolReader.read(stream("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"), true).source()).isNull();
	}

	@Test
	void shouldReadVersion2Headers() throws IOException {
		ByteArrayInputStream in = new ByteArrayInputStream(v2(0x21, 0x11, new byte[] { (byte) 192, 0, 2, 10, 10, 0, 0,
				1, (byte) 0xDC, 0x04, 0x01, (byte) 0xBB, 1, 0, 2, 'x', 'y' }, "DATA"));
		ProxyHeader header = ProxyProtocolReader.read(in, true);
		assertThat(header.source()).isEqualTo(new InetSocketAddress("192.0.2.10", 56324));
		assertThat(header.destination()).isEqualTo(new InetSocketAddress("10.0.0.1", 443));
		assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("DATA");
		byte[] ipv6 = new byte[36];
		ipv6[15] = 1;
		ipv6[31] = 2;
		ipv6[33] = 80;
		ipv6[35] = 81;
		assertThat(ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x21, ipv6, "")), true).source())
			.isEqualTo(new InetSocketAddress("::1", 80));
	}

	@Test
	void shouldTreatVersion2LocalAndUnspecifiedAsNoAddress() throws IOException {
		assertThat(ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x20, 0x00, new byte[0], "")), true).source())
			.isNull();
		assertThat(ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x00, new byte[4], "")), true).source())
			.isNull();
	}

	@Test
	void shouldIgnoreTheFamilyOfAVersion2LocalHeader() throws IOException {
		assertThat(ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x20, 0x71, new byte[4], "")), true).source())
			.isNull();
	}

	@Test
	void shouldTreatVersion2UnixAddressesAsNoIpAddress() throws IOException {
		ProxyHeader header = ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x31, new byte[216], "")),
				true);
		assertThat(header.present()).isTrue();
		assertThat(header.source()).isNull();
	}

	@Test
	void shouldRefuseVersion2FamiliesAndProtocolsTheSpecificationDoesNotDefine() {
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(
					() -> ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x41, new byte[12], "")), true))
			.withMessage("Unsupported address family and protocol byte 0x41 in a PROXY protocol v2 header");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(
					() -> ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x13, new byte[12], "")), true))
			.withMessage("Unsupported address family and protocol byte 0x13 in a PROXY protocol v2 header");
	}

	@Test
	void shouldReadIpv4MappedAddressesOfTcp6HeadersAsIpv4() throws IOException {
		ProxyHeader v1 = ProxyProtocolReader
			.read(stream("PROXY TCP6 ::ffff:203.0.113.7 ::ffff:10.0.0.1 41000 3000\r\n"), true);
		assertThat(v1.source()).isEqualTo(new InetSocketAddress("203.0.113.7", 41000));
		assertThat(v1.destination()).isEqualTo(new InetSocketAddress("10.0.0.1", 3000));
		ProxyHeader hex = ProxyProtocolReader.read(stream("PROXY TCP6 ::FFFF:cb00:7107 ::1 41000 3000\r\n"), true);
		assertThat(hex.source()).isEqualTo(new InetSocketAddress("203.0.113.7", 41000));
		byte[] ipv6 = new byte[36];
		ipv6[10] = (byte) 0xFF;
		ipv6[11] = (byte) 0xFF;
		ipv6[12] = (byte) 203;
		ipv6[14] = 113;
		ipv6[15] = 7;
		ipv6[31] = 1;
		ipv6[32] = (byte) 0xA0;
		ipv6[33] = 0x28;
		ProxyHeader v2 = ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x21, ipv6, "")), true);
		assertThat(v2.source()).isEqualTo(new InetSocketAddress("203.0.113.7", 41000));
	}

	@Test
	void shouldKeepTheAddressFamiliesOfVersion1HeadersApart() {
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP6 203.0.113.7 10.0.0.1 1 2\r\n"), true))
			.withMessageContaining("Address family mismatch");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 ::ffff:203.0.113.7 10.0.0.1 1 2\r\n"), true))
			.withMessageContaining("Address family mismatch");
	}

	@Test
	void shouldAcceptAVersion1HeaderOf107BytesAndRefuseOneOf108() throws IOException {
		String header107 = "PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n";
		assertThat(header107).hasSize(107);
		assertThat(ProxyProtocolReader.read(stream(header107 + "DATA"), true).present()).isTrue();
		String header108 = "PROXY UNKNOWN " + "x".repeat(108 - 16) + "\r\n";
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream(header108), true))
			.withMessageContaining("longer than 107 bytes");
	}

	@Test
	void shouldReturnWhatItReadWhenAnOptionalHeaderIsMissing() throws IOException {
		ByteArrayInputStream in = stream("PING\r\n");
		ProxyHeader header = ProxyProtocolReader.read(in, false);
		assertThat(header.source()).isNull();
		assertThat(new String(header.unread(), StandardCharsets.US_ASCII)
				+ new String(in.readAllBytes(), StandardCharsets.US_ASCII))
			.isEqualTo("PING\r\n");
		assertThat(ProxyProtocolReader.read(stream(""), false).unread()).isEmpty();
	}

	@Test
	void shouldRefuseAConnectionWithoutARequiredHeader() {
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("GET / HTTP/1.1\r\n"), true))
			.withMessage("Connection does not start with a PROXY protocol header");
	}

	@Test
	void shouldRefuseMalformedHeaders() {
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 example.com 10.0.0.1 1 2\r\n"), true))
			.withMessageContaining("Malformed address");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 10.0.0.1 10.0.0.2 99999 2\r\n"), true))
			.withMessageContaining("Malformed port");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 10.0.0.1\r\n"), true))
			.withMessageContaining("Malformed PROXY protocol v1 header");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY " + "A".repeat(200) + "\r\n"), true))
			.withMessageContaining("longer than 107 bytes");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(
					() -> ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x31, 0x11, new byte[12], "")), true))
			.withMessageContaining("version/command");
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(new ByteArrayInputStream(v2(0x21, 0x11, new byte[5], "")), true))
			.withMessageContaining("too short");
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 10.0.0.1 10.0"), true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "999.999.999.999", "256.1.1.1", "localhost", "1.2.3.4.5", "10.0.0.01234" })
	void shouldRefuseAddressesThatAreNotLiteralsWithoutLookingThemUp(String address) {
		// "localhost" would resolve if it were looked
		// up; it is refused like any other name
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 " + address + " 10.0.0.1 1 2\r\n"), true))
			.withMessageContaining("Malformed address");
	}

	@Test
	void shouldRefuseAnIpv6AddressInATcp4Header() {
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 ::1 10.0.0.1 1 2\r\n"), true))
			.withMessageContaining("Address family mismatch");
	}

	@Test
	void shouldEscapeAndTruncatePeerTextInMessages() {
		assertThatExceptionOfType(ProxyProtocolException.class).isThrownBy(
				() -> ProxyProtocolReader.read(stream("PROXY TCP4 1.2.3.4\nINFO forged line 10.0.0.1 1 2\r\n"), true))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n", "\r")
				.contains("1.2.3.4\\nINFO forged line"));
		String longAddress = "1".repeat(70);
		assertThatExceptionOfType(ProxyProtocolException.class)
			.isThrownBy(() -> ProxyProtocolReader.read(stream("PROXY TCP4 " + longAddress + " 1 1 2\r\n"), true))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("(70 characters)").doesNotContain(longAddress));
	}

	@Test
	void shouldSkipTheTlvsOfAVersion2HeaderAndKeepTheDataAfterIt() throws IOException {
		byte[] body = new byte[12 + 2000];
		byte[] addresses = { (byte) 198, 51, 100, 20, 10, 0, 0, 1, 0x10, 0x00, 0x0B, (byte) 0xB8 };
		System.arraycopy(addresses, 0, body, 0, addresses.length);
		ByteArrayInputStream in = new ByteArrayInputStream(v2(0x21, 0x11, body, "PING"));
		ProxyHeader header = ProxyProtocolReader.read(in, true);
		assertThat(header.present()).isTrue();
		assertThat(header.source()).hasToString("/198.51.100.20:4096");
		assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("PING");
	}

	@Test
	void shouldRefuseRandomBytesAfterASignatureSafely() {
		for (int seed = 0; seed < 1000; seed++) {
			Random random = new Random(seed);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.writeBytes(
					random.nextBoolean() ? ProxyHeaders.v2Signature() : "PROXY ".getBytes(StandardCharsets.US_ASCII));
			byte[] rest = new byte[random.nextInt(300)];
			random.nextBytes(rest);
			bytes.writeBytes(rest);
			readSafely(bytes.toByteArray(), random.nextBoolean());
		}
	}

	@Test
	void shouldHandleRandomConnectionStartsSafely() {
		for (int seed = 0; seed < 1000; seed++) {
			Random random = new Random(seed);
			byte[] start = new byte[random.nextInt(64)];
			random.nextBytes(start);
			ProxyHeader header = readSafely(start, random.nextBoolean());
			if (header != null) {
				assertThat(header.unread().length).as("seed %d", seed).isLessThanOrEqualTo(12);
			}
		}
	}

	/**
	 * Read a header; only an {@link IOException} (a refused header) may escape.
	 */
	private static ProxyHeader readSafely(byte[] bytes, boolean required) {
		try {
			return ProxyProtocolReader.read(new ByteArrayInputStream(bytes), required);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static ByteArrayInputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

	static byte[] v2(int versionCommand, int family, byte[] body, String data) {
		return ProxyHeaders.v2(versionCommand, family, body, data);
	}

}
