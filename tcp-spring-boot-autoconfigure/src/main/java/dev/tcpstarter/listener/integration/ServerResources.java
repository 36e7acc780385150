package dev.tcpstarter.listener.integration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerObserver;
import dev.tcpstarter.listener.TcpServerListener;

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
 */
record ServerResources(TaskScheduler scheduler, BeanFactory beanFactory, ApplicationEventPublisher eventPublisher,
		Function<TcpListenerDefinition, Object> codecs, Function<String, @Nullable Executor> executors,
		List<TcpListenerObserver.Factory> observerFactories, List<TcpConnectionFactoryCustomizer> customizers) {

	@Nullable Executor executor(String listenerName) {
		return this.executors.apply(listenerName);
	}

	ExecutorService ownExecutor(String listenerName) {
		return Executors.newCachedThreadPool(new CustomizableThreadFactory("tcp-" + listenerName + "-"));
	}

	/**
	 * Run continuations on the scheduler rather than on whichever thread completed a
	 * future (often a connection's own).
	 */
	Executor asyncExecutor() {
		return (task) -> this.scheduler.schedule(task, Instant.now());
	}

	@Nullable TcpListenerObserver observer(TcpServerListener listener) {
		List<TcpListenerObserver> created = new ArrayList<>();
		for (TcpListenerObserver.Factory factory : this.observerFactories) {
			TcpListenerObserver observer = factory.create(listener);
			if (observer != null) {
				created.add(observer);
			}
		}
		return CompositeTcpListenerObserver.of(created);
	}

}
