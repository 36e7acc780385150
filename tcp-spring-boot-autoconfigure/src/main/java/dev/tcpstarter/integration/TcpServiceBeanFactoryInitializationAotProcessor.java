package dev.tcpstarter.integration;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.TcpService;

/**
 * Registers invocation hints for the user methods that the starter calls through method
 * handles, which a native image can only call when they are registered for reflection:
 * <ul>
 * <li>the {@code @OnConnect} method of every {@code @TcpService} bean;</li>
 * <li>the {@code @OnBytes}, {@code @OnClose} and {@code @OnError} methods of the
 * connection service class that {@code @OnConnect} declares as its return type (unless it
 * is {@code Object});</li>
 * <li>the same methods of every class annotated {@code @ConnectionService} in the
 * application's auto-configuration packages (those of its {@code @SpringBootApplication}
 * class): this is how the connection services of an {@code @OnConnect} method declared as
 * returning {@code Object} are found.</li>
 * </ul>
 * Codec beans (a listener's {@code framing} naming a bean) need no hints of their own:
 * the starter calls them through the {@code Serializer} and {@code Deserializer}
 * interfaces, and their bean registration is processed like any other bean's.
 * <p>
 * Registered in {@code META-INF/spring/aot.factories}.
 */
final class TcpServiceBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Method> methods = new LinkedHashSet<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> beanClass = RegisteredBean.of(beanFactory, beanName).getBeanClass();
			if (AnnotatedElementUtils.hasAnnotation(beanClass, TcpService.class)) {
				methods.addAll(TcpHandlerMethods.ofTcpService(beanClass));
			}
		}
		for (Class<?> connectionServiceType : scanConnectionServices(beanFactory)) {
			methods.addAll(TcpHandlerMethods.ofConnectionService(connectionServiceType));
		}
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, beanFactoryInitializationCode) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			methods.forEach((method) -> reflection.registerMethod(method, ExecutableMode.INVOKE));
		};
	}

	private static Set<Class<?>> scanConnectionServices(ConfigurableListableBeanFactory beanFactory) {
		if (!AutoConfigurationPackages.has(beanFactory)) {
			return Set.of();
		}
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		ClassPathScanningCandidateComponentProvider scanner = new ConnectionServiceScanner();
		scanner.setResourceLoader(new DefaultResourceLoader(classLoader));
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConnectionService.class));
		Set<Class<?>> types = new LinkedHashSet<>();
		for (String packageName : AutoConfigurationPackages.get(beanFactory)) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(packageName)) {
				String className = candidate.getBeanClassName();
				if (className != null) {
					types.add(ClassUtils.resolveClassName(className, classLoader));
				}
			}
		}
		return types;
	}

	/**
	 * Finds every class carrying {@code @ConnectionService}: unlike component scanning,
	 * also inner (non-static) and abstract classes, whose handler methods are invoked on
	 * their instances and subclasses all the same.
	 */
	private static final class ConnectionServiceScanner extends ClassPathScanningCandidateComponentProvider {

		ConnectionServiceScanner() {
			super(false);
		}

		@Override
		protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
			return true;
		}

	}

}
