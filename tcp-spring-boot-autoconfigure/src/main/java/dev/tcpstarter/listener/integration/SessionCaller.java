package dev.tcpstarter.listener.integration;

import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;

/**
 * The {@link TcpCaller} that handlers see: a facade over a connection's addresses, its
 * {@link FrameWriter} and whether its session still serves it. It holds no state of its
 * own, so it may be kept and used from any thread.
 */
final class SessionCaller implements TcpCaller {

	private final String id;

	private final String listenerName;

	private final Charset charset;

	private final ConnectionAddresses addresses;

	private final FrameWriter writer;

	private final ConnectionSession session;

	SessionCaller(String id, String listenerName, Charset charset, ConnectionAddresses addresses, FrameWriter writer,
			ConnectionSession session) {
		this.id = id;
		this.listenerName = listenerName;
		this.charset = charset;
		this.addresses = addresses;
		this.writer = writer;
		this.session = session;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String listenerName() {
		return this.listenerName;
	}

	@Override
	public String remoteHost() {
		return this.addresses.remoteHost();
	}

	@Override
	public int remotePort() {
		return this.addresses.remote().getPort();
	}

	@Override
	public Optional<InetSocketAddress> proxyAddress() {
		return Optional.ofNullable(this.addresses.proxy());
	}

	@Override
	public String localHost() {
		return this.addresses.localHost();
	}

	@Override
	public int localPort() {
		return this.addresses.local().getPort();
	}

	@Override
	public boolean isOpen() {
		return !this.session.isClosed() && this.writer.isOpen();
	}

	@Override
	public void writeBytes(byte[] data) {
		if (this.session.isClosed()) {
			throw new TcpConnectionClosedException(this.id);
		}
		this.writer.write(data);
	}

	@Override
	public void write(String text) {
		writeBytes(text.getBytes(this.charset));
	}

	@Override
	public void close() {
		this.writer.close(CloseReason.LOCAL);
	}

	@Override
	public Optional<SSLSession> sslSession() {
		return Optional.ofNullable(this.addresses.sslSession());
	}

	@Override
	public String toString() {
		return "TcpCaller[" + this.id + "]";
	}

}
