package dev.tcpstarter.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.listener.TcpErrorKind;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpRejectionReason;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.listener.TcpTimeoutKind;

/**
 * Registers the {@code tcp.server.*} meters of each listener when it starts, tagged
 * {@code listener} and {@code service}. Totals are function counters over the listener's
 * own counters, and handler durations are function timers over the listener's exact call
 * counts and times, so the per-frame path only updates plain fields of its connection;
 * connection durations are a timer.
 */
public class TcpMetricsObserverFactory implements TcpListenerObserver.Factory {

	private final MeterRegistry registry;

	/**
	 * Create a factory that registers meters in {@code registry}.
	 * @param registry the meter registry
	 */
	public TcpMetricsObserverFactory(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public TcpListenerObserver create(TcpServer server) {
		Tags tags = Tags.of("listener", server.definition().name(), "service", server.serviceName());
		TcpListenerStatistics statistics = server.statistics();
		Gauge.builder("tcp.server.connections.active", statistics, TcpListenerStatistics::activeConnections)
			.tags(tags)
			.description("Connections being served")
			.baseUnit("connections")
			.register(this.registry);
		counter("tcp.server.connections.opened", tags, statistics, TcpListenerStatistics::connectionsOpened,
				"Connections that got a connection service", "connections");
		counter("tcp.server.connections.closed", tags, statistics, TcpListenerStatistics::connectionsClosed,
				"Connections that got a connection service and closed", "connections");
		for (TcpRejectionReason reason : TcpRejectionReason.values()) {
			counter("tcp.server.connections.rejected", tags.and("reason", reason.tagValue()), statistics,
					(stats) -> stats.rejected(reason), "Connections closed without reaching a connection service",
					"connections");
		}
		for (TcpTimeoutKind timeout : TcpTimeoutKind.values()) {
			counter("tcp.server.connections.timed-out", tags.and("timeout", timeout.tagValue()), statistics,
					(stats) -> stats.timedOut(timeout), "Connections closed by the idle or write timeout",
					"connections");
		}
		counter("tcp.server.bytes.received", tags, statistics, TcpListenerStatistics::bytesReceived, "Bytes received",
				"bytes");
		counter("tcp.server.bytes.sent", tags, statistics, TcpListenerStatistics::bytesSent, "Bytes sent", "bytes");
		counter("tcp.server.frames.received", tags, statistics, TcpListenerStatistics::framesReceived,
				"Frames received", "frames");
		counter("tcp.server.frames.sent", tags, statistics, TcpListenerStatistics::framesSent, "Frames sent", "frames");
		for (TcpErrorKind kind : TcpErrorKind.values()) {
			counter("tcp.server.errors", tags.and("kind", kind.tagValue()), statistics, (stats) -> stats.errors(kind),
					"Errors by kind", "errors");
		}
		registerHandlerTimers(tags, statistics);
		return new MetricsObserver(statistics,
				Timer.builder("tcp.server.connection.duration")
					.tags(tags)
					.description("Lifetime of connections")
					.register(this.registry));
	}

	private void counter(String name, Tags tags, TcpListenerStatistics statistics,
			java.util.function.ToDoubleFunction<TcpListenerStatistics> value, String description, String unit) {
		FunctionCounter.builder(name, statistics, value)
			.tags(tags)
			.description(description)
			.baseUnit(unit)
			.register(this.registry);
	}

	/**
	 * Register the handler timers as function timers over the listener's own exact counts
	 * and times: a frame costs two clock reads and two field updates in its connection,
	 * and the sums are paid when the meters are read.
	 */
	private void registerHandlerTimers(Tags tags, TcpListenerStatistics statistics) {
		for (TcpHandlerKind kind : TcpHandlerKind.values()) {
			for (boolean failed : new boolean[] { false, true }) {
				FunctionTimer
					.builder("tcp.server.handler.duration", statistics, (stats) -> stats.handlerCalls(kind, failed),
							(stats) -> stats.handlerNanos(kind, failed), TimeUnit.NANOSECONDS)
					.tags(tags.and("handler", kind.tagValue(), "outcome", failed ? "error" : "success"))
					.description("Time spent in handler methods")
					.register(this.registry);
			}
		}
	}

	/**
	 * The observer of one listener. It holds the statistics so that the function
	 * counters, which reference them weakly, keep reading them while the listener lives.
	 */
	private static final class MetricsObserver implements TcpListenerObserver {

		private final TcpListenerStatistics statistics;

		private final Timer connectionTimer;

		MetricsObserver(TcpListenerStatistics statistics, Timer connectionTimer) {
			this.statistics = statistics;
			this.connectionTimer = connectionTimer;
		}

		@Override
		public @Nullable Object connectionOpened(TcpCaller caller) {
			return null;
		}

		@Override
		public void connectionClosed(@Nullable Object context, long openedNanos) {
			this.connectionTimer.record(System.nanoTime() - openedNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public String toString() {
			return "MetricsObserver[" + this.statistics.activeConnections() + " active]";
		}

	}

}
