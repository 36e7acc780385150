package dev.tcpstarter;

import java.net.InetSocketAddress;
import java.util.Optional;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;

/**
 * One client connection of a TCP service, as seen by handlers: who is connected, and a
 * way to write to it and close it.
 * <p>
 * A caller is thread-safe and stays valid after the handler that received it returns, so
 * it can be kept and written from other threads (server push). Writes after the
 * connection has closed throw {@link TcpConnectionClosedException}.
 */
public interface TcpCaller {

	/**
	 * Return the identifier of the connection, unique within the application.
	 * @return the connection id
	 */
	String id();

	/**
	 * Return the name of the listener that accepted the connection.
	 * @return the listener name
	 */
	String listenerName();

	/**
	 * Return the remote (client) address, as an IP literal.
	 * @return the remote host
	 */
	String remoteHost();

	/**
	 * Return the remote (client) port.
	 * @return the remote port
	 */
	int remotePort();

	/**
	 * Return the local address the connection was accepted on, as an IP literal.
	 * @return the local host
	 */
	String localHost();

	/**
	 * Return the local port the connection was accepted on.
	 * @return the local port
	 */
	int localPort();

	/**
	 * Return whether the connection is still open.
	 * @return {@code true} until the connection is closed by either side
	 */
	boolean isOpen();

	/**
	 * Write one frame, encoded with the listener's framing.
	 * @param data the frame payload
	 * @throws TcpConnectionClosedException if the connection is closed
	 * @throws TcpException if the write fails; the connection is then closed
	 */
	void writeBytes(byte[] data);

	/**
	 * Write one frame holding the text encoded with the listener's charset.
	 * @param text the frame payload
	 * @throws TcpConnectionClosedException if the connection is closed
	 * @throws TcpException if the write fails; the connection is then closed
	 */
	void write(String text);

	/**
	 * Close the connection. Output already written is flushed first. Does nothing if the
	 * connection is already closed. {@code @OnClose} runs once, after the handler that is
	 * running (if any) has returned.
	 */
	void close();

	/**
	 * Return the address of the load balancer that forwarded this connection with a PROXY
	 * protocol header; {@link #remoteHost()} and {@link #remotePort()} then describe the
	 * original client.
	 * @return the balancer's address, or empty for a direct connection
	 */
	default Optional<InetSocketAddress> proxyAddress() {
		return Optional.empty();
	}

	/**
	 * Return the TLS session of the connection, with the peer certificates under mutual
	 * TLS.
	 * @return the TLS session, or empty for a plain TCP connection
	 */
	Optional<SSLSession> sslSession();

	/**
	 * Return the host name the client asked for in its TLS handshake (Server Name
	 * Indication), the name a listener with {@code ssl.server-name-bundles} chose the
	 * certificate by: in a multi-tenant service, which tenant the client meant. Read from
	 * {@link #sslSession()}. Clients send a name when they connect by host name; the
	 * JDK's client sends none for {@code localhost} or an IP address unless told to.
	 * @return the requested host name in ASCII form ({@code xn--} for an
	 * internationalized name), or empty for a plain TCP connection or a client that sent
	 * none
	 */
	default Optional<String> requestedServerName() {
		if (!(sslSession().orElse(null) instanceof ExtendedSSLSession session)) {
			return Optional.empty();
		}
		for (SNIServerName name : session.getRequestedServerNames()) {
			if (name.getType() == StandardConstants.SNI_HOST_NAME) {
				return Optional.of((name instanceof SNIHostName host) ? host.getAsciiName()
						: new SNIHostName(name.getEncoded()).getAsciiName());
			}
		}
		return Optional.empty();
	}

}
