package dev.tcpstarter.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * Socket options of TCP connections, under {@code socket}. A setting left unset keeps the
 * default of {@link TcpSocketOptions.Builder}.
 */
public class TcpSocketProperties {

	/**
	 * Whether to send TCP keepalive probes, which find peers that vanished without
	 * closing (behind NATs and mobile networks); off by default.
	 */
	private @Nullable Boolean keepAlive;

	/**
	 * How long a connection is idle before the first keepalive probe, in whole seconds.
	 * The operating system's (two hours on Linux) when not set. Needs keep-alive.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration keepAliveIdle;

	/**
	 * Time between keepalive probes, in whole seconds. The operating system's (75s on
	 * Linux) when not set. Needs keep-alive.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration keepAliveInterval;

	/**
	 * Unanswered keepalive probes after which the connection is dropped. The operating
	 * system's (9 on Linux) when not set. Needs keep-alive.
	 */
	private @Nullable Integer keepAliveCount;

	/**
	 * Whether small writes are sent at once (TCP_NODELAY, Nagle's algorithm off); true by
	 * default.
	 */
	private @Nullable Boolean noDelay;

	/**
	 * Size of the socket receive buffer (SO_RCVBUF). The operating system's when not set.
	 */
	private @Nullable DataSize receiveBufferSize;

	/**
	 * Size of the socket send buffer (SO_SNDBUF). The operating system's when not set.
	 */
	private @Nullable DataSize sendBufferSize;

	public @Nullable Boolean getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(@Nullable Boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public @Nullable Duration getKeepAliveIdle() {
		return this.keepAliveIdle;
	}

	public void setKeepAliveIdle(@Nullable Duration keepAliveIdle) {
		this.keepAliveIdle = keepAliveIdle;
	}

	public @Nullable Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	public void setKeepAliveInterval(@Nullable Duration keepAliveInterval) {
		this.keepAliveInterval = keepAliveInterval;
	}

	public @Nullable Integer getKeepAliveCount() {
		return this.keepAliveCount;
	}

	public void setKeepAliveCount(@Nullable Integer keepAliveCount) {
		this.keepAliveCount = keepAliveCount;
	}

	public @Nullable Boolean getNoDelay() {
		return this.noDelay;
	}

	public void setNoDelay(@Nullable Boolean noDelay) {
		this.noDelay = noDelay;
	}

	public @Nullable DataSize getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(@Nullable DataSize receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
	}

	public @Nullable DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(@Nullable DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	/**
	 * Map these properties onto socket options.
	 * @param values the properties' prefix, ending with a dot, for messages
	 * @return the options
	 * @throws dev.tcpstarter.TcpConfigurationException for a value that is not allowed,
	 * naming its property
	 */
	TcpSocketOptions toOptions(PropertyValues values) {
		TcpSocketOptions.Builder builder = TcpSocketOptions.builder();
		PropertyMapper map = PropertyMapper.get();
		map.from(this::getKeepAlive).to(builder::keepAlive);
		map.from(this::getKeepAliveIdle).to(values.to("socket.keep-alive-idle", builder::keepAliveIdle));
		map.from(this::getKeepAliveInterval).to(values.to("socket.keep-alive-interval", builder::keepAliveInterval));
		map.from(this::getKeepAliveCount).to(values.to("socket.keep-alive-count", builder::keepAliveCount));
		map.from(this::getNoDelay).to(builder::noDelay);
		map.from(this::getReceiveBufferSize)
			.as(TcpSocketProperties::bytes)
			.to(values.to("socket.receive-buffer-size", builder::receiveBufferSize));
		map.from(this::getSendBufferSize)
			.as(TcpSocketProperties::bytes)
			.to(values.to("socket.send-buffer-size", builder::sendBufferSize));
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw values.invalid("socket.keep-alive", Boolean.TRUE.equals(this.keepAlive),
					String.valueOf(ex.getMessage()));
		}
	}

	private static Integer bytes(DataSize size) {
		return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, size.toBytes()));
	}

}
