package dev.tcpstarter.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.tcpstarter.push.TcpPushFailure;
import dev.tcpstarter.push.TcpPushObserver;
import dev.tcpstarter.push.TcpPushTarget;

/**
 * The {@code tcp.push.*} meters: {@code tcp.push.published} (tag {@code target}),
 * {@code tcp.push.delivered} (frames queued on this instance's connections),
 * {@code tcp.push.failed} (tag {@code reason}) and {@code tcp.push.delivery} (timer from
 * the publish to the last frame queued on this instance; tag {@code origin}:
 * {@code local} for pushes published on this instance, measured on its monotonic clock,
 * {@code remote} for pushes from another instance, measured between the two wall clocks,
 * so their offset is part of it).
 */
public class TcpPushMetrics implements TcpPushObserver {

	// by ordinal
	private final Counter[] published = new Counter[TcpPushTarget.values().length];

	// by ordinal
	private final Counter[] failed = new Counter[TcpPushFailure.values().length];

	private final Counter delivered;

	private final Timer localDelivery;

	private final Timer remoteDelivery;

	/**
	 * Register the meters.
	 * @param registry the meter registry
	 */
	public TcpPushMetrics(MeterRegistry registry) {
		for (TcpPushTarget target : TcpPushTarget.values()) {
			this.published[target.ordinal()] = Counter.builder("tcp.push.published")
				.tag("target", target.tag())
				.description("Pushes handed to the transport")
				.baseUnit("pushes")
				.register(registry);
		}
		for (TcpPushFailure reason : TcpPushFailure.values()) {
			this.failed[reason.ordinal()] = Counter.builder("tcp.push.failed")
				.tag("reason", reason.tag())
				.description("Pushes, or frames of a push for one connection, not delivered")
				.baseUnit("pushes")
				.register(registry);
		}
		this.delivered = Counter.builder("tcp.push.delivered")
			.description("Push frames queued on this instance's connections")
			.baseUnit("frames")
			.register(registry);
		this.localDelivery = delivery(registry, "local");
		this.remoteDelivery = delivery(registry, "remote");
	}

	private static Timer delivery(MeterRegistry registry, String origin) {
		return Timer.builder("tcp.push.delivery")
			.tag("origin", origin)
			.description("From the publish of a push to its frames queued on this instance's connections")
			.register(registry);
	}

	@Override
	public void published(TcpPushTarget target) {
		this.published[target.ordinal()].increment();
	}

	@Override
	public void delivered(int frames, long nanos, boolean remote) {
		this.delivered.increment(frames);
		(remote ? this.remoteDelivery : this.localDelivery).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(TcpPushFailure reason) {
		this.failed[reason.ordinal()].increment();
	}

}
