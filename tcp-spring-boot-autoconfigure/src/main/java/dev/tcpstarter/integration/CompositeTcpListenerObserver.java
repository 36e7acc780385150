package dev.tcpstarter.integration;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.listener.TcpHandlerKind;
import dev.tcpstarter.listener.TcpListenerObserver;

/**
 * Calls several observers; their contexts travel together in an array.
 */
final class CompositeTcpListenerObserver implements TcpListenerObserver {

	private final TcpListenerObserver[] observers;

	private CompositeTcpListenerObserver(List<TcpListenerObserver> observers) {
		this.observers = observers.toArray(TcpListenerObserver[]::new);
	}

	static @Nullable TcpListenerObserver of(List<TcpListenerObserver> observers) {
		return switch (observers.size()) {
			case 0 -> null;
			case 1 -> observers.get(0);
			default -> new CompositeTcpListenerObserver(observers);
		};
	}

	@Override
	public @Nullable Object handlerStarted(TcpHandlerKind handler, TcpCaller caller) {
		@Nullable Object[] contexts = new @Nullable Object[this.observers.length];
		for (int i = 0; i < contexts.length; i++) {
			contexts[i] = this.observers[i].handlerStarted(handler, caller);
		}
		return contexts;
	}

	@Override
	public void handlerEnded(TcpHandlerKind handler, @Nullable Object context, long startNanos,
			@Nullable Throwable failure) {
		@Nullable Object[] contexts = (@Nullable Object[]) context;
		for (int i = 0; i < this.observers.length; i++) {
			this.observers[i].handlerEnded(handler, (contexts != null) ? contexts[i] : null, startNanos, failure);
		}
	}

	@Override
	public @Nullable Object connectionOpened(TcpCaller caller) {
		@Nullable Object[] contexts = new @Nullable Object[this.observers.length];
		for (int i = 0; i < contexts.length; i++) {
			contexts[i] = this.observers[i].connectionOpened(caller);
		}
		return contexts;
	}

	@Override
	public void connectionClosed(@Nullable Object context, long openedNanos) {
		@Nullable Object[] contexts = (@Nullable Object[]) context;
		for (int i = 0; i < this.observers.length; i++) {
			this.observers[i].connectionClosed((contexts != null) ? contexts[i] : null, openedNanos);
		}
	}

}
