package dev.tcpstarter.support;

import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * An echo service on listener {@code tls} for TLS tests. It records
 * {@code connect:<client>} for every connection, where {@code <client>} is the subject of
 * the client certificate read from {@link TcpCaller#sslSession()} ({@code none} without
 * one, {@code plain} without TLS), then {@code error:} and {@code close} events. A frame
 * {@code flood} makes it write until a write fails.
 */
@TcpService(listeners = "tls")
public class TlsEchoService {

	/**
	 * The events of every connection.
	 */
	public static final Recorder recorder = new Recorder();

	@OnConnect
	Echo onConnect(TcpCaller caller) {
		recorder.add("connect:" + client(caller.sslSession()));
		return new Echo();
	}

	private static String client(Optional<SSLSession> session) {
		if (session.isEmpty()) {
			return "plain";
		}
		try {
			return ((X509Certificate) session.get().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "none";
		}
	}

	@ConnectionService
	static class Echo {

		@OnBytes
		byte[] onBytes(byte[] data, TcpCaller caller) {
			if ("flood".equals(new String(data))) {
				byte[] chunk = new byte[64 * 1024];
				try {
					while (true) {
						caller.writeBytes(chunk);
					}
				}
				catch (TcpException ex) {
					recorder.add("flood-stopped");
					return null;
				}
			}
			return data;
		}

		@OnError
		void onError(TcpException error) {
			recorder.add("error:" + error.getMessage());
		}

		@OnClose
		void onClose() {
			recorder.add("close");
		}

	}

	/**
	 * Registers the service.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class TlsEchoConfiguration {

		@Bean
		TlsEchoService tlsEchoService() {
			return new TlsEchoService();
		}

	}

}
