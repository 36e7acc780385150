package dev.tcpstarter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device gateway: devices log in over TCP, commands posted over HTTP reach them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0", "tcp.listeners.chat.port=0",
				"tcp.listeners.lb.port=0", "tcp.listeners.tls-echo.port=0", "tcp.listeners.devices.port=0" })
class DeviceGatewayTests {

	@LocalTcpPort("devices")
	int devicesPort;

	@LocalServerPort
	int httpPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldPushCommandsPostedOverHttpToTheDevice() throws Exception {
		try (TcpTestClient device = TcpTestClient.connect(this.devicesPort).framing(Framing.LF);
				TcpTestClient other = TcpTestClient.connect(this.devicesPort).framing(Framing.LF)) {
			device.send("hello").expect("error: log in with 'login <device-id>' (1 to 64 characters)");
			device.send("login 42").expect("ok 42");
			other.send("login 7").expect("ok 7");
			assertThat(post("/devices/42/commands", "REBOOT").statusCode()).isEqualTo(202);
			device.expect("REBOOT");
			HttpResponse<String> bulk = post("/devices/commands", "7 PING\n42 UPDATE 1.2\n99 nobody");
			assertThat(bulk.statusCode()).isEqualTo(202);
			assertThat(bulk.body()).contains("\"published\":3");
			other.expect("PING");
			device.expect("UPDATE 1.2");
			assertThat(post("/devices/42/commands", " ").statusCode()).isEqualTo(400);
		}
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "text/plain")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
