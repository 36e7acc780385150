package dev.tcpstarter.integration;

import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.push.PushMember;
import dev.tcpstarter.push.PushRegistry;

/**
 * The {@link TcpCaller} that handlers see: a facade over a connection's addresses, its
 * {@link FrameWriter} and whether its session still serves it. It holds no state of its
 * own, so it may be kept and used from any thread. It is also the connection as the push
 * registry sees it: a {@link PushMember} whose {@link #send} queues a frame with
 * {@link FrameWriter#send}, never blocking the pushing thread.
 */
final class SessionCaller implements TcpCaller, PushMember {

	private final String id;

	private final String listenerName;

	private final Charset charset;

	private final ConnectionAddresses addresses;

	private final FrameWriter writer;

	private final ConnectionSession session;

	private final @Nullable PushRegistry pushRegistry;

	SessionCaller(String id, String listenerName, Charset charset, ConnectionAddresses addresses, FrameWriter writer,
			ConnectionSession session, @Nullable PushRegistry pushRegistry) {
		this.id = id;
		this.listenerName = listenerName;
		this.charset = charset;
		this.addresses = addresses;
		this.writer = writer;
		this.session = session;
		this.pushRegistry = pushRegistry;
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
	public Charset charset() {
		return this.charset;
	}

	/**
	 * Queue a pushed frame; dropped if the connection has closed meanwhile.
	 */
	@Override
	public void send(byte[] frame) {
		this.writer.send(frame);
	}

	@Override
	public void join(String group) {
		if (!pushRegistry().join(group, this)) {
			throw new TcpConnectionClosedException(this.id);
		}
	}

	@Override
	public void leave(String group) {
		pushRegistry().leave(group, this);
	}

	@Override
	public Set<String> groups() {
		return (this.pushRegistry != null) ? this.pushRegistry.groups(this) : Set.of();
	}

	private PushRegistry pushRegistry() {
		if (this.pushRegistry == null) {
			throw new UnsupportedOperationException("Connection " + this.id + " cannot join push groups: there is no "
					+ "PushRegistry (TcpPushAutoConfiguration is excluded)");
		}
		return this.pushRegistry;
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
