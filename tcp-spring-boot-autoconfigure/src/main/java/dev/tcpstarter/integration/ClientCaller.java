package dev.tcpstarter.integration;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;

/**
 * The {@link TcpCaller} of one client connection, as a client-side service sees it: it
 * writes frames on that connection (from any thread) and closes it. Its
 * {@link #listenerName()} is the client's name.
 */
final class ClientCaller implements TcpCaller {

	private final ClientChannel channel;

	private final ClientSettings settings;

	private final Socket socket;

	ClientCaller(ClientChannel channel, ClientSettings settings) {
		this.channel = channel;
		this.settings = settings;
		this.socket = channel.connection().socket();
	}

	@Override
	public String id() {
		return this.channel.connection().getConnectionId();
	}

	@Override
	public String listenerName() {
		return this.settings.name();
	}

	@Override
	public String remoteHost() {
		InetAddress address = this.socket.getInetAddress();
		return (address != null) ? address.getHostAddress() : this.settings.host();
	}

	@Override
	public int remotePort() {
		return this.socket.getPort();
	}

	@Override
	public String localHost() {
		return this.socket.getLocalAddress().getHostAddress();
	}

	@Override
	public int localPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	@Override
	public void writeBytes(byte[] data) {
		this.channel.write(data);
	}

	@Override
	public void write(String text) {
		writeBytes(text.getBytes(this.settings.charset()));
	}

	@Override
	public void close() {
		this.channel.close(new TcpConnectionClosedException(
				"The connection to " + this.settings.target() + " was closed by its service", null), false);
	}

	@Override
	public Optional<SSLSession> sslSession() {
		return Optional.ofNullable(this.channel.connection().getSslSession());
	}

	@Override
	public String toString() {
		return "TcpCaller[" + id() + " of client '" + this.settings.name() + "']";
	}

}
