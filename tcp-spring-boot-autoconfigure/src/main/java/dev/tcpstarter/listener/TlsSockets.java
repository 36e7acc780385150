package dev.tcpstarter.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

/**
 * Layers TLS over accepted sockets with the listener's current SSL context, so that a reloaded
 * certificate applies to the next connection without rebinding the port.
 *
 * @author tcp-spring-boot-starter
 */
final class TlsSockets {

	private TlsSockets() {
	}

	static Socket wrap(Socket accepted, TcpListenerSsl ssl) {
		try {
			SSLSocket socket = (SSLSocket) ssl.sslContext().get().getSocketFactory()
				.createSocket(accepted, accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
			socket.setUseClientMode(false);
			if (ssl.enabledProtocols() != null) {
				socket.setEnabledProtocols(ssl.enabledProtocols());
			}
			if (ssl.ciphers() != null) {
				socket.setEnabledCipherSuites(ssl.ciphers());
			}
			switch (ssl.clientAuth()) {
				case NEED -> socket.setNeedClientAuth(true);
				case WANT -> socket.setWantClientAuth(true);
				case NONE -> {
				}
			}
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
