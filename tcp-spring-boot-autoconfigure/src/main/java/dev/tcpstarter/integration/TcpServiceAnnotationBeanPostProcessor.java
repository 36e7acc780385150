package dev.tcpstarter.integration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.listener.TcpListenerDefinition;

/**
 * Discovers {@link TcpService @TcpService} beans as they are initialized, validates their
 * {@code @OnConnect} method (and the connection service class it declares) and collects
 * them as {@link TcpServiceEndpoint endpoints}. Once every singleton exists, it hands the
 * listener services to the {@link IntegrationTcpListenerRegistry}, which binds each to
 * its listeners, and the client services to the {@link TcpClientServiceRegistrar}: the
 * shape of spring-kafka's {@code @KafkaListener} processing.
 * <p>
 * Public only because the auto-configuration registers it: not for applications.
 */
public final class TcpServiceAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	// guarded by itself: beans are not always created on the main thread
	private final List<TcpServiceEndpoint> endpoints = new ArrayList<>();

	private @Nullable ConfigurableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
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
		List<String> clients = Arrays.asList(annotation.clients());
		if (!clients.isEmpty() && (annotation.listeners().length > 0 || port != null || StringUtils.hasText(host))) {
			throw new TcpServiceDefinitionException(
					"@TcpService bean '" + beanName + "' names clients " + clients
							+ " and listeners (or a port or host) too.",
					"A service serves either listeners (listeners, or port and host) or clients: declare two services.");
		}
		TcpServiceEndpoint endpoint = new TcpServiceEndpoint(beanName, handler, Arrays.asList(annotation.listeners()),
				port, StringUtils.hasText(host) ? host : null, clients);
		synchronized (this.endpoints) {
			this.endpoints.add(endpoint);
		}
		return bean;
	}

	/**
	 * Hand the discovered services to the registrars, which bind them to listeners or to
	 * clients.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableBeanFactory factory = this.beanFactory;
		Assert.state(factory != null, "No BeanFactory set");
		List<TcpServiceEndpoint> discovered;
		synchronized (this.endpoints) {
			discovered = List.copyOf(this.endpoints);
		}
		List<TcpServiceEndpoint> listenerServices = discovered.stream()
			.filter((endpoint) -> !endpoint.isClientService())
			.toList();
		List<TcpServiceEndpoint> clientServices = discovered.stream()
			.filter(TcpServiceEndpoint::isClientService)
			.toList();
		IntegrationTcpListenerRegistry registry = factory.getBeanProvider(IntegrationTcpListenerRegistry.class)
			.getIfAvailable();
		if (registry != null) {
			registry.registerServices(listenerServices);
		}
		else if (!listenerServices.isEmpty()) {
			// an application's own TcpListenerRegistry bean made the auto-configuration
			// step aside: without this, the services would silently serve nothing
			throw new TcpServiceDefinitionException("@TcpService bean '" + listenerServices.get(0).beanName()
					+ "' serves listeners, but the TcpListenerRegistry bean is not the starter's, which binds services"
					+ " to listeners.",
					"Remove the application's own TcpListenerRegistry bean, or the @TcpService beans"
							+ " that name listeners.");
		}
		if (!clientServices.isEmpty()) {
			TcpClientServiceRegistrar registrar = factory.getBeanProvider(TcpClientServiceRegistrar.class)
				.getIfAvailable();
			if (registrar == null) {
				throw new TcpServiceDefinitionException(
						"@TcpService bean '" + clientServices.get(0).beanName()
								+ "' names clients, but TCP clients are not auto-configured.",
						"Configure the clients under tcp.clients and keep TcpClientAutoConfiguration enabled.");
			}
			registrar.registerEndpoints(clientServices);
		}
	}

	private @Nullable Integer resolvePort(String beanName, String declared) {
		String value = resolve(declared);
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return TcpListenerDefinition.checkPort(Integer.parseInt(value.trim()));
		}
		catch (IllegalArgumentException ex) {
			// not a number (NumberFormatException), or out of range: reported below
		}
		throw new TcpServiceDefinitionException(
				"@TcpService bean '" + beanName + "' declares port \"" + declared + "\", which resolves to '" + value
						+ "'.",
				"Use a port number from 0 to 65535 (0 = any free port), or a placeholder that resolves to one.");
	}

	private @Nullable String resolve(String value) {
		ConfigurableBeanFactory factory = this.beanFactory;
		if (!StringUtils.hasText(value) || factory == null) {
			return value;
		}
		return factory.resolveEmbeddedValue(value);
	}

}
