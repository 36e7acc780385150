package dev.tcpstarter.integration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import dev.tcpstarter.listener.TcpListenerSsl;

/**
 * Layers TLS over accepted sockets with the listener's current SSL context, so that a
 * reloaded certificate applies to the next connection without rebinding the port.
 */
final class TlsSockets {

	private TlsSockets() {
	}

	/**
	 * Layer a server-side TLS socket over {@code accepted}.
	 * @param accepted the accepted plain socket
	 * @param consumed bytes already read from it (the start of the client hello),
	 * possibly empty
	 * @param ssl the listener's TLS settings
	 * @return the TLS socket; closing it closes {@code accepted}
	 */
	static SSLSocket wrap(Socket accepted, byte[] consumed, TcpListenerSsl ssl) throws IOException {
		SSLSocket socket = (SSLSocket) ssl.sslContext()
			.get()
			.getSocketFactory()
			.createSocket(accepted, (consumed.length > 0) ? new ByteArrayInputStream(consumed) : null, true);
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

}
