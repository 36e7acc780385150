package dev.tcpstarter.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientStatistics;

/**
 * The {@code tcp.client.*} meters of one {@link TcpClient}, tagged {@code client} with
 * its name: {@code tcp.client.connections.opened} and {@code .closed},
 * {@code tcp.client.bytes.sent} and {@code .received}, {@code tcp.client.frames.sent} and
 * {@code .received}, {@code tcp.client.errors} (tag {@code kind}),
 * {@code tcp.client.requests} (a timer, tag {@code outcome}: {@code success},
 * {@code timeout}, {@code error}), {@code tcp.client.requests.pending} (a gauge),
 * {@code tcp.client.reconnects} (background reconnect attempts, tag {@code outcome}:
 * {@code success}, {@code failure}) and {@code tcp.client.frames.unsolicited} (frames
 * that answered no request). They are function meters over the client's own counters, so
 * a frame or a request costs a few adder increments and no Micrometer call. Named clients
 * are bound automatically; bind a client built in code with
 * {@code new TcpClientMetrics(client).bindTo(registry)}.
 */
public class TcpClientMetrics implements MeterBinder {

	private final TcpClient client;

	/**
	 * Create the meters of a client.
	 * @param client the client
	 */
	public TcpClientMetrics(TcpClient client) {
		this.client = client;
	}

	/**
	 * Register the meters. The counters read the client's statistics, which live as long
	 * as the client.
	 * @param registry the registry
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("client", this.client.name());
		TcpClientStatistics statistics = this.client.statistics();
		counter(registry, "tcp.client.connections.opened", tags, statistics, TcpClientStatistics::connectionsOpened,
				"Connections opened", "connections");
		counter(registry, "tcp.client.connections.closed", tags, statistics, TcpClientStatistics::connectionsClosed,
				"Connections closed, by either side", "connections");
		counter(registry, "tcp.client.bytes.sent", tags, statistics, TcpClientStatistics::bytesSent, "Bytes sent",
				"bytes");
		counter(registry, "tcp.client.bytes.received", tags, statistics, TcpClientStatistics::bytesReceived,
				"Bytes received", "bytes");
		counter(registry, "tcp.client.frames.sent", tags, statistics, TcpClientStatistics::framesSent, "Frames sent",
				"frames");
		counter(registry, "tcp.client.frames.received", tags, statistics, TcpClientStatistics::framesReceived,
				"Frames received", "frames");
		counter(registry, "tcp.client.frames.unsolicited", tags, statistics, TcpClientStatistics::framesUnsolicited,
				"Frames that answered no pending request", "frames");
		for (String outcome : TcpClientStatistics.REQUEST_OUTCOMES) {
			FunctionTimer
				.builder("tcp.client.requests", statistics, (stats) -> stats.requests(outcome),
						(stats) -> stats.requestTime(outcome, TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
				.tags(tags.and("outcome", outcome))
				.description("Requests, from requestAsync to their answer, timeout or error")
				.register(registry);
		}
		Gauge.builder("tcp.client.requests.pending", this.client, TcpClient::pendingRequests)
			.tags(tags)
			.description("Requests waiting for their answers")
			.baseUnit("requests")
			.register(registry);
		counter(registry, "tcp.client.reconnects", tags.and("outcome", "success"), statistics,
				(stats) -> stats.reconnects(true), "Background reconnect attempts", "attempts");
		counter(registry, "tcp.client.reconnects", tags.and("outcome", "failure"), statistics,
				(stats) -> stats.reconnects(false), "Background reconnect attempts", "attempts");
		for (String kind : TcpClientStatistics.ERROR_KINDS) {
			counter(registry, "tcp.client.errors", tags.and("kind", kind), statistics, (stats) -> stats.errors(kind),
					"Errors by kind", "errors");
		}
	}

	private static void counter(MeterRegistry registry, String name, Tags tags, TcpClientStatistics statistics,
			ToDoubleFunction<TcpClientStatistics> value, String description, String unit) {
		FunctionCounter.builder(name, statistics, value)
			.tags(tags)
			.description(description)
			.baseUnit(unit)
			.register(registry);
	}

}
