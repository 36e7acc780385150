package dev.tcpstarter.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TaskScheduler;

import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpServer;
import dev.tcpstarter.push.PushRegistry;

/**
 * What the servers of an application share, as the {@link IntegrationTcpServerFactory}
 * was configured.
 *
 * @param scheduler runs deadlines and the write-timeout watchdog
 * @param beanFactory the application's bean factory, which Spring Integration needs
 * @param eventPublisher receives Spring Integration's connection events
 * @param codecs resolves the codec of a listener
 * @param executors the executor of a listener's connections, by listener name, or
 * {@code null} for a thread pool of the listener's own
 * @param observerFactories create each listener's observers
 * @param customizers customize each listener's factory before it starts
 * @param pushRegistry where connections are registered for push, or {@code null}
 */
record ServerResources(TaskScheduler scheduler, BeanFactory beanFactory, ApplicationEventPublisher eventPublisher,
		Function<TcpListenerDefinition, Object> codecs, Function<String, @Nullable Executor> executors,
		List<TcpListenerObserver.Factory> observerFactories, List<TcpConnectionFactoryCustomizer> customizers,
		@Nullable PushRegistry pushRegistry) {

	private static final int MAX_IDLE_THREADS = 64;

	private static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofSeconds(60);

	private static final Duration THREAD_EXIT_INTERVAL = Duration.ofMillis(2);

	@Nullable Executor executor(String listenerName) {
		return this.executors.apply(listenerName);
	}

	/**
	 * Return the platform threads of a listener that has no executor of its own: at most
	 * 64 idle threads kept, for 60 to 90 seconds, and threads ending at most one per 2
	 * milliseconds.
	 */
	ConnectionThreads ownExecutor(String listenerName) {
		return new ConnectionThreads("tcp-" + listenerName + "-", MAX_IDLE_THREADS, IDLE_THREAD_KEEP_ALIVE,
				THREAD_EXIT_INTERVAL);
	}

	/**
	 * Run continuations on the scheduler rather than on whichever thread completed a
	 * future (often a connection's own).
	 */
	Executor asyncExecutor() {
		return (task) -> this.scheduler.schedule(task, Instant.now());
	}

	@Nullable TcpListenerObserver observer(TcpServer server) {
		List<TcpListenerObserver> created = new ArrayList<>();
		for (TcpListenerObserver.Factory factory : this.observerFactories) {
			TcpListenerObserver observer = factory.create(server);
			if (observer != null) {
				created.add(observer);
			}
		}
		return CompositeTcpListenerObserver.of(created);
	}

}
