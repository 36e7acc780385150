package dev.tcpstarter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device gateway: devices log in over TCP, commands posted over HTTP reach them;
 * device ids and commands are checked before they become group names or lines.
 */
@SampleAppTest
class DeviceGatewayTests {

	@LocalTcpPort("devices")
	int devicesPort;

	@LocalServerPort
	int httpPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldPushCommandsPostedOverHttpToTheDevice() throws Exception {
		try (TcpTestClient device = device(); TcpTestClient other = device()) {
			device.send("hello").expect(DeviceGatewayService.LOGIN_ERROR);
			device.send("login 42").expect("ok 42");
			other.send("login 7").expect("ok 7");
			assertThat(post("/devices/42/commands", "REBOOT").statusCode()).isEqualTo(202);
			device.expect("REBOOT");
			HttpResponse<String> bulk = post("/devices/commands", "7 PING\n42 UPDATE 1.2\n99 nobody\r\n");
			assertThat(bulk.statusCode()).isEqualTo(202);
			assertThat(bulk.body()).contains("\"published\":3", "\"rejected\":0");
			other.expect("PING");
			device.expect("UPDATE 1.2");
		}
	}

	@Test
	void shouldRefuseInvalidDeviceIdsAtLogin() {
		try (TcpTestClient device = device()) {
			device.send("login ").expect(DeviceGatewayService.LOGIN_ERROR);
			device.send("login a b").expect(DeviceGatewayService.LOGIN_ERROR);
			device.send("login dev:1").expect(DeviceGatewayService.LOGIN_ERROR);
			device.send("login " + "d".repeat(65)).expect(DeviceGatewayService.LOGIN_ERROR);
			device.send("login " + "d".repeat(64)).expect("ok " + "d".repeat(64));
		}
	}

	@Test
	void shouldRefuseCommandsThatADeviceWouldReadAsSeveralLines() throws Exception {
		try (TcpTestClient device = device()) {
			device.send("login lines-1").expect("ok lines-1");
			assertThat(post("/devices/lines-1/commands", "REBOOT\nFORMAT").statusCode()).isEqualTo(400);
			assertThat(post("/devices/lines-1/commands", "REBOOT\rFORMAT").statusCode()).isEqualTo(400);
			assertThat(post("/devices/lines-1/commands", " ").statusCode()).isEqualTo(400);
			assertThat(post("/devices/lines-1/commands", "x".repeat(DeviceCommandsController.MAX_COMMAND + 1))
				.statusCode()).isEqualTo(400);
			HttpResponse<String> bulk = post("/devices/commands", "lines-1 A\u001b[2J\nbad:id B\nlines-1 C");
			assertThat(bulk.body()).contains("\"published\":1", "\"rejected\":2");
			// the only command that got through is the first the device reads
			device.expect("C");
		}
	}

	@Test
	void shouldRefuseInvalidIdsAndLargeBodiesOverHttp() throws Exception {
		HttpResponse<String> badId = post("/devices/dev:1/commands", "REBOOT");
		assertThat(badId.statusCode()).isEqualTo(400);
		assertThat(badId.body()).contains("invalid device id");
		HttpResponse<String> large = post("/devices/42/commands", "x".repeat(DeviceCommandsController.MAX_BODY + 1));
		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(post("/devices/commands", "x".repeat(DeviceCommandsController.MAX_BULK_BODY + 1)).statusCode())
			.isEqualTo(413);
	}

	private TcpTestClient device() {
		return TcpTestClient.connect(this.devicesPort).framing(Framing.LF);
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "text/plain")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
