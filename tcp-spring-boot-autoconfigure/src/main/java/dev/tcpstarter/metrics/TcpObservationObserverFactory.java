package dev.tcpstarter.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpServer;

/**
 * Creates a Micrometer {@link Observation} per connection ({@code tcp.server.connection})
 * and per {@code @OnBytes} call ({@code tcp.server.handler}), with low-cardinality keys
 * {@code listener}, {@code service}, {@code handler} and {@code outcome}, so tracing and
 * observation handlers see TCP traffic.
 */
public class TcpObservationObserverFactory implements TcpListenerObserver.Factory {

	private final ObservationRegistry registry;

	/**
	 * Create a factory.
	 * @param registry the observation registry
	 */
	public TcpObservationObserverFactory(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable TcpListenerObserver create(TcpServer server) {
		if (this.registry.isNoop()) {
			return null;
		}
		KeyValues keys = KeyValues.of("listener", server.definition().name(), "service", server.serviceName());
		return new ObservationObserver(this.registry, keys);
	}

	private static final class ObservationObserver implements TcpListenerObserver {

		private final ObservationRegistry registry;

		private final KeyValues keys;

		private final KeyValues bytesKeys;

		ObservationObserver(ObservationRegistry registry, KeyValues keys) {
			this.registry = registry;
			this.keys = keys;
			this.bytesKeys = keys.and("handler", TcpHandlerKind.ON_BYTES.tagValue());
		}

		@Override
		public @Nullable Object handlerStarted(TcpHandlerKind handler, TcpCaller caller) {
			if (handler != TcpHandlerKind.ON_BYTES) {
				return null;
			}
			return Observation.createNotStarted("tcp.server.handler", this.registry)
				.contextualName("tcp onBytes")
				.lowCardinalityKeyValues(this.bytesKeys)
				.start();
		}

		@Override
		public void handlerEnded(TcpHandlerKind handler, @Nullable Object context, long startNanos,
				@Nullable Throwable failure) {
			if (context instanceof Observation observation) {
				if (failure != null) {
					observation.error(failure);
				}
				observation.lowCardinalityKeyValue("outcome", (failure != null) ? "error" : "success").stop();
			}
		}

		@Override
		public @Nullable Object connectionOpened(TcpCaller caller) {
			return Observation.createNotStarted("tcp.server.connection", this.registry)
				.contextualName("tcp connection")
				.lowCardinalityKeyValues(this.keys)
				.highCardinalityKeyValue("connection.id", caller.id())
				.start();
		}

		@Override
		public void connectionClosed(@Nullable Object context, long openedNanos) {
			if (context instanceof Observation observation) {
				observation.stop();
			}
		}

	}

}
