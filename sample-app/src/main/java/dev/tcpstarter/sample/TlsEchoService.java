package dev.tcpstarter.sample;

import javax.net.ssl.SSLSession;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

/**
 * The echo pattern over TLS: listener {@code tls-echo} gets its certificate from the SSL
 * bundle {@code sample} in {@code application.yml}; the handshake is done before
 * {@code @OnConnect} runs, so the caller's {@link TcpCaller#sslSession() TLS session} is
 * already negotiated.
 */
@TcpService(listeners = "tls-echo")
class TlsEchoService {

	private static final Log logger = LogFactory.getLog(TlsEchoService.class);

	@OnConnect
	TlsEchoConnection onConnect(TcpCaller caller) {
		caller.sslSession()
			.map(SSLSession::getProtocol)
			.ifPresent((protocol) -> logger.info("TLS connection " + caller.id() + " uses " + protocol));
		return new TlsEchoConnection();
	}

	@ConnectionService
	static class TlsEchoConnection {

		@OnBytes
		byte[] onBytes(byte[] data) {
			return data;
		}

	}

}
