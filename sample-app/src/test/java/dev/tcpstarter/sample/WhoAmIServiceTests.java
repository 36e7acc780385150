package dev.tcpstarter.sample;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

/**
 * The {@code lb} listener answers with the address of the original client, taken from the
 * PROXY protocol header when a load balancer sends one.
 */
@SampleAppTest
class WhoAmIServiceTests {

	@LocalTcpPort("lb")
	int port;

	@Test
	void shouldAnswerWithTheClientOfAProxyProtocolHeader() {
		try (TcpTestClient client = TcpTestClient.connect(this.port).framing(Framing.LF)) {
			client.sendRaw("PROXY TCP4 203.0.113.7 127.0.0.1 41000 3003\r\n".getBytes(StandardCharsets.US_ASCII));
			client.send("req-1").expect("req-1 from 203.0.113.7:41000");
			client.send("req-2").expect("req-2 from 203.0.113.7:41000");
		}
	}

	@Test
	void shouldAnswerWithTheDirectPeerWithoutAHeader() {
		try (TcpTestClient client = TcpTestClient.connect(this.port).framing(Framing.LF)) {
			client.send("req-1").expect("req-1 from 127.0.0.1:" + client.getLocalPort());
		}
	}

}
