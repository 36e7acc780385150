package dev.tcpstarter.sample;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.io.ClassPathResource;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives each service of the sample application over real sockets.
 */
@SampleAppTest
class SampleApplicationTests {

	@LocalTcpPort("echo")
	int echoPort;

	@LocalTcpPort("ack")
	int ackPort;

	@LocalTcpPort("tls-echo")
	int tlsEchoPort;

	@Test
	void shouldEchoTheBytesBack() {
		try (TcpTestClient client = TcpTestClient.connect(this.echoPort)) {
			client.send("hello, echo").expect("hello, echo");
		}
	}

	@Test
	void shouldAcknowledgeEachLine() {
		try (TcpTestClient client = TcpTestClient.connect(this.ackPort).framing(Framing.LF)) {
			client.send("first").expect("ACK");
			client.send("second").expect("ACK");
		}
	}

	@Autowired
	CompositeHealthContributor tcpHealthContributor;

	@Autowired
	MeterRegistry meterRegistry;

	@Test
	void shouldReportListenersHealthyAndCountFrames() {
		try (TcpTestClient client = TcpTestClient.connect(this.echoPort)) {
			client.send("counted").expect("counted");
		}
		HealthIndicator echo = (HealthIndicator) this.tcpHealthContributor.getContributor("echo");
		assertThat(echo.health().getStatus()).isEqualTo(Status.UP);
		assertThat(
				this.meterRegistry.get("tcp.server.frames.received").tag("listener", "echo").functionCounter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void shouldEchoOverTlsWithTheSampleCertificate() throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		try (InputStream certificate = new ClassPathResource("tls/sample.crt").getInputStream()) {
			trusted.setCertificateEntry("sample",
					CertificateFactory.getInstance("X.509").generateCertificate(certificate));
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
			.createSocket(InetAddress.getLoopbackAddress(), this.tlsEchoPort)) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(5000);
			socket.getOutputStream().write("hello, tls".getBytes(StandardCharsets.UTF_8));
			byte[] echoed = socket.getInputStream().readNBytes(10);
			assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("hello, tls");
			assertThat(socket.getSession().getPeerPrincipal().getName()).contains("CN=localhost");
		}
	}

}
