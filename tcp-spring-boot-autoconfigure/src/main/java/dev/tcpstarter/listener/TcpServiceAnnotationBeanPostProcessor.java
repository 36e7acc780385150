package dev.tcpstarter.listener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.handler.ConnectHandler;
import dev.tcpstarter.handler.TcpServiceDefinitionException;

/**
 * Discovers {@link TcpService @TcpService} beans as they are initialized, validates their
 * {@code @OnConnect} method (and the connection service class it declares) and collects
 * them as {@link TcpServiceEndpoint endpoints} for the {@link TcpListenerRegistry}.
 *
 * @author tcp-spring-boot-starter
 */
public class TcpServiceAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final List<TcpServiceEndpoint> endpoints = Collections.synchronizedList(new ArrayList<>());

	private @Nullable ConfigurableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.beanFactory = configurable;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass)) {
			return bean;
		}
		TcpService annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, TcpService.class);
		if (annotation == null) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		ConnectHandler handler = ConnectHandler.create(beanName, bean, targetClass);
		Integer port = resolvePort(beanName, annotation.port());
		String host = resolve(annotation.host());
		this.endpoints.add(new TcpServiceEndpoint(beanName, handler, Arrays.asList(annotation.listeners()), port,
				StringUtils.hasText(host) ? host : null));
		return bean;
	}

	private @Nullable Integer resolvePort(String beanName, String declared) {
		String value = resolve(declared);
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			int port = Integer.parseInt(value.trim());
			if (port >= 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new TcpServiceDefinitionException(
				"@TcpService bean '" + beanName + "' declares port \"" + declared + "\", which resolves to '" + value
						+ "'.",
				"Use a port number from 0 to 65535 (0 = any free port), or a placeholder that resolves to one.");
	}

	private @Nullable String resolve(String value) {
		if (!StringUtils.hasText(value) || this.beanFactory == null) {
			return value;
		}
		return this.beanFactory.resolveEmbeddedValue(value);
	}

	/**
	 * Return the services discovered so far.
	 * @return the endpoints, in discovery order
	 */
	public Collection<TcpServiceEndpoint> getEndpoints() {
		synchronized (this.endpoints) {
			return List.copyOf(this.endpoints);
		}
	}

}
