package dev.tcpstarter.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TaskScheduler;

/**
 * What every listener of an application shares: the scheduler for timeouts, the bean
 * factory and event publisher Spring Integration needs, how framing names become codecs,
 * and the executor connections run on.
 *
 * @param scheduler runs timeout checks
 * @param beanFactory the application's bean factory
 * @param eventPublisher receives Spring Integration's connection events
 * @param codecs creates the codec of a listener: an object that is both a
 * {@code Serializer<byte[]>} and a {@code Deserializer<byte[]>}
 * @param executors the executor for a listener's connections by listener name, or
 * {@code null} for a cached thread pool owned by the listener
 * @param observers create the observers of each listener (metrics, tracing)
 * @author tcp-spring-boot-starter
 */
public record TcpListenerSupport(TaskScheduler scheduler, BeanFactory beanFactory,
		ApplicationEventPublisher eventPublisher, Function<TcpListenerDefinition, Object> codecs,
		Function<String, @Nullable Executor> executors, List<TcpListenerObserver.Factory> observers) {

	Object codec(TcpListenerDefinition definition) {
		return this.codecs.apply(definition);
	}

	@Nullable Executor executorFor(String listenerName) {
		return this.executors.apply(listenerName);
	}

	@Nullable TcpListenerObserver observerFor(TcpServerListener listener) {
		List<TcpListenerObserver> created = new ArrayList<>();
		for (TcpListenerObserver.Factory factory : this.observers) {
			TcpListenerObserver observer = factory.create(listener);
			if (observer != null) {
				created.add(observer);
			}
		}
		return CompositeTcpListenerObserver.of(created);
	}

}
