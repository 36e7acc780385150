package dev.tcpstarter.test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * {@link BeanPostProcessor} that injects {@link LocalTcpPort @LocalTcpPort} fields and
 * setter methods from the {@code local.tcp.listener.<name>.port} environment properties.
 * <p>
 * Registered in every Spring TestContext application context by this module; Spring's
 * {@code DependencyInjectionTestExecutionListener} initializes test instances through the
 * bean factory, so test instance fields are injected too. A missing property fails the
 * injection with a message naming the target, the listener, the property and the
 * listeners that are bound.
 *
 * @since 0.1.0
 */
public class LocalTcpPortAnnotationBeanPostProcessor implements BeanPostProcessor, EnvironmentAware {

	private final Map<Class<?>, List<InjectionTarget>> targetsCache = new ConcurrentHashMap<>();

	private @Nullable Environment environment;

	/**
	 * Set the environment that holds the {@code local.tcp.listener.<name>.port}
	 * properties.
	 * @param environment the environment
	 */
	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Inject the {@link LocalTcpPort @LocalTcpPort} fields and methods of the given bean.
	 * @param bean the bean instance
	 * @param beanName the name of the bean
	 * @return the same bean instance
	 */
	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		List<InjectionTarget> targets = this.targetsCache.computeIfAbsent(bean.getClass(), this::findTargets);
		if (!targets.isEmpty()) {
			Environment environment = this.environment;
			Assert.state(environment != null, "Environment has not been set");
			for (InjectionTarget target : targets) {
				target.inject(bean, environment);
			}
		}
		return bean;
	}

	private List<InjectionTarget> findTargets(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, LocalTcpPort.class)) {
			return List.of();
		}
		List<InjectionTarget> targets = new ArrayList<>();
		ReflectionUtils.doWithFields(type, (field) -> {
			LocalTcpPort annotation = findAnnotation(field);
			if (annotation != null) {
				targets.add(FieldTarget.of(field, annotation));
			}
		});
		MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<LocalTcpPort>) this::findAnnotation)
			.forEach((method, annotation) -> targets.add(MethodTarget.of(method, annotation)));
		return List.copyOf(targets);
	}

	private @Nullable LocalTcpPort findAnnotation(AnnotatedElement element) {
		return AnnotatedElementUtils.findMergedAnnotation(element, LocalTcpPort.class);
	}

	private static void assertNotStatic(int modifiers, String target) {
		if (Modifier.isStatic(modifiers)) {
			throw new IllegalStateException("@LocalTcpPort is not supported on static " + target);
		}
	}

	private interface InjectionTarget {

		void inject(Object bean, Environment environment);

	}

	private record FieldTarget(Field field, String listener, String description) implements InjectionTarget {

		static FieldTarget of(Field field, LocalTcpPort annotation) {
			String description = "field '" + field.getName() + "' of " + field.getDeclaringClass().getName();
			assertNotStatic(field.getModifiers(), description);
			if (Modifier.isFinal(field.getModifiers())) {
				throw new IllegalStateException("@LocalTcpPort is not supported on final " + description);
			}
			LocalTcpPorts.assertSupportedType(field.getType(), description);
			ReflectionUtils.makeAccessible(field);
			return new FieldTarget(field, annotation.value(), description);
		}

		@Override
		public void inject(Object bean, Environment environment) {
			Object port = LocalTcpPorts.resolve(environment, this.listener, this.field.getType(), this.description);
			ReflectionUtils.setField(this.field, bean, port);
		}

	}

	private record MethodTarget(Method method, String listener, String description) implements InjectionTarget {

		static MethodTarget of(Method method, LocalTcpPort annotation) {
			String description = "method '" + method.getName() + "' of " + method.getDeclaringClass().getName();
			assertNotStatic(method.getModifiers(), description);
			if (method.getParameterCount() != 1) {
				throw new IllegalStateException(
						"@LocalTcpPort is only supported on methods with exactly one parameter, not on " + description);
			}
			LocalTcpPorts.assertSupportedType(method.getParameterTypes()[0], description);
			ReflectionUtils.makeAccessible(method);
			return new MethodTarget(method, annotation.value(), description);
		}

		@Override
		public void inject(Object bean, Environment environment) {
			Object port = LocalTcpPorts.resolve(environment, this.listener, this.method.getParameterTypes()[0],
					this.description);
			ReflectionUtils.invokeMethod(this.method, bean, port);
		}

	}

}
