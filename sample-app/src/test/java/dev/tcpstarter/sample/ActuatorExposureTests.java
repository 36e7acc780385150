package dev.tcpstarter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sample's actuator shows over HTTP by default: health without details, and
 * info; not the {@code tcp} endpoint (every connection's client address) nor
 * {@code prometheus}.
 */
@SampleAppTest
class ActuatorExposureTests {

	@LocalServerPort
	int httpPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldNotExposeTheTcpEndpointOrPrometheus() throws Exception {
		assertThat(get("/actuator/tcp").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(404);
		assertThat(get("/actuator").body()).doesNotContain("/actuator/tcp", "/actuator/prometheus");
	}

	@Test
	void shouldShowHealthWithoutDetails() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components", "port", "tcp");
		assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
		assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
