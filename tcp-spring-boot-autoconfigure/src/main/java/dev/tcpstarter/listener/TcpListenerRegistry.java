package dev.tcpstarter.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Binds the discovered {@code @TcpService} endpoints to their listeners and runs the
 * listeners as one {@link SmartLifecycle}: ports are bound when the context starts, and
 * on stop every listener stops accepting, lets handlers finish what was received (bounded
 * by {@code shutdown-timeout}), then closes its connections.
 *
 * @author tcp-spring-boot-starter
 */
public class TcpListenerRegistry implements SmartLifecycle {

	/**
	 * The lifecycle phase: that of Boot's web servers, so listeners start late and stop
	 * early.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(TcpListenerRegistry.class);

	private final Map<String, TcpListenerDefinition> configured;

	private final Supplier<Collection<TcpServiceEndpoint>> endpoints;

	private final TcpListenerSupport support;

	private final Map<String, TcpServerListener> listeners = new LinkedHashMap<>();

	private volatile boolean running;

	/**
	 * Create a registry.
	 * @param configured the listeners configured under {@code tcp.listeners}, by name
	 * @param endpoints supplies the discovered services when the registry starts
	 * @param support the infrastructure shared by the listeners
	 */
	public TcpListenerRegistry(Map<String, TcpListenerDefinition> configured,
			Supplier<Collection<TcpServiceEndpoint>> endpoints, TcpListenerSupport support) {
		this.configured = configured;
		this.endpoints = endpoints;
		this.support = support;
	}

	@Override
	public void start() {
		this.listeners.clear();
		Map<String, ListenerBinding> bindings = new TcpServiceBindings(this.configured).bind(this.endpoints.get());
		try {
			for (ListenerBinding binding : bindings.values()) {
				TcpServerListener listener = new TcpServerListener(binding.definition(), binding.endpoint().handler(),
						this.support);
				listener.start();
				this.listeners.put(binding.definition().name(), listener);
				logger.info("TCP listener '" + binding.definition().name() + "' started on port " + listener.port()
						+ " (" + binding.definition().transport().name().toLowerCase() + ", "
						+ (binding.definition().isSecure() ? "TLS" : "plain") + ") serving '" + listener.serviceName()
						+ "'");
				this.support.eventPublisher()
					.publishEvent(new TcpListenerStartedEvent(listener, binding.definition().name(), listener.port()));
			}
		}
		catch (RuntimeException ex) {
			closeAll(Duration.ofSeconds(1));
			throw ex;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		List<TcpServerListener> active = new ArrayList<>(this.listeners.values());
		active.forEach(TcpServerListener::stopAccepting);
		drain(active);
		closeAll(Duration.ofSeconds(5));
		this.running = false;
	}

	/**
	 * Stop on a thread of its own, so that Spring's lifecycle processor can bound the
	 * wait with {@code spring.lifecycle.timeout-per-shutdown-phase}.
	 */
	@Override
	public void stop(Runnable callback) {
		Thread stopping = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "tcp-shutdown");
		stopping.start();
	}

	/**
	 * Close each connection as soon as it has handled all it received, until none is left
	 * or the listener's {@code shutdown-timeout}, counted from the start of the stop, has
	 * passed.
	 */
	private void drain(List<TcpServerListener> active) {
		long start = System.nanoTime();
		List<TcpServerListener> draining = new ArrayList<>(active);
		while (!draining.isEmpty()) {
			long elapsed = System.nanoTime() - start;
			draining.removeIf((listener) -> listener.closeIdleConnections() || timedOut(listener, elapsed));
			if (draining.isEmpty()) {
				return;
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static boolean timedOut(TcpServerListener listener, long elapsedNanos) {
		if (elapsedNanos <= listener.definition().shutdownTimeout().toNanos()) {
			return false;
		}
		logger.warn("TCP listener '" + listener.definition().name() + "' still had work in progress after "
				+ "shutdown-timeout " + listener.definition().shutdownTimeout() + "; closing "
				+ listener.activeConnections() + " connection(s)");
		return true;
	}

	private void closeAll(Duration wait) {
		for (TcpServerListener listener : this.listeners.values()) {
			listener.close(wait);
		}
	}

	/**
	 * Stop accepting new connections on every listener, keeping open connections
	 * (readiness {@code REFUSING_TRAFFIC}).
	 */
	public void pauseAccepting() {
		this.listeners.values().forEach(TcpServerListener::pauseAccepting);
	}

	/**
	 * Accept new connections again on every listener (readiness
	 * {@code ACCEPTING_TRAFFIC}).
	 */
	public void resumeAccepting() {
		if (this.running) {
			this.listeners.values().forEach(TcpServerListener::resumeAccepting);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return the listeners of the last start, running or closed.
	 * @return the listeners, in start order
	 */
	public Collection<TcpServerListener> getListeners() {
		return Collections.unmodifiableCollection(this.listeners.values());
	}

	/**
	 * Return a running listener by name.
	 * @param name the listener name
	 * @return the listener, or {@code null}
	 */
	public @Nullable TcpServerListener getListener(String name) {
		return this.listeners.get(name);
	}

	record ListenerBinding(TcpListenerDefinition definition, TcpServiceEndpoint endpoint) {
	}

}
