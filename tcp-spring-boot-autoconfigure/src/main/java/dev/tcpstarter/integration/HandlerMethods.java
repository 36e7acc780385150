package dev.tcpstarter.integration;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.tcpstarter.TcpServiceDefinitionException;

/**
 * Finding annotated handler methods and turning them into method handles of a fixed
 * shape.
 */
final class HandlerMethods {

	private HandlerMethods() {
	}

	/**
	 * Find the single method of {@code type} carrying {@code annotation}, which must
	 * exist.
	 * @param requiredAction how to fix a class without one, for the message
	 * @return the method
	 * @throws TcpServiceDefinitionException if there are several or none
	 */
	static Method findRequired(Class<?> type, Class<? extends Annotation> annotation, String requiredAction) {
		Method method = findOptional(type, annotation);
		if (method == null) {
			throw new TcpServiceDefinitionException(
					"Class " + type.getName() + " has no @" + annotation.getSimpleName() + " method.", requiredAction);
		}
		return method;
	}

	/**
	 * Find the single method of {@code type} carrying {@code annotation}, if any.
	 * @return the method, or {@code null} if there is none
	 * @throws TcpServiceDefinitionException if there are several
	 */
	static @Nullable Method findOptional(Class<?> type, Class<? extends Annotation> annotation) {
		Set<Method> methods = findAll(type, annotation);
		if (methods.size() > 1) {
			throw new TcpServiceDefinitionException("Class " + type.getName() + " has " + methods.size() + " @"
					+ annotation.getSimpleName() + " methods: "
					+ methods.stream().map(HandlerMethods::describe).sorted().collect(Collectors.joining(", ")) + ".",
					"Keep exactly one @" + annotation.getSimpleName() + " method in the class.");
		}
		return methods.isEmpty() ? null : methods.iterator().next();
	}

	/**
	 * Find every method of {@code type} carrying {@code annotation}, without validating
	 * how many there are.
	 * @return the methods, possibly none
	 */
	static Set<Method> findAll(Class<?> type, Class<? extends Annotation> annotation) {
		Map<Method, Boolean> found = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
				(MethodIntrospector.MetadataLookup<Boolean>) (
						method) -> AnnotatedElementUtils.hasAnnotation(method, annotation) ? Boolean.TRUE : null);
		return found.keySet();
	}

	/**
	 * Return whether {@code type} has a method carrying {@code annotation}.
	 */
	static boolean hasAnnotatedMethod(Class<?> type, Class<? extends Annotation> annotation) {
		return !MethodIntrospector
			.selectMethods(type,
					(MethodIntrospector.MetadataLookup<Boolean>) (
							method) -> AnnotatedElementUtils.hasAnnotation(method, annotation) ? Boolean.TRUE : null)
			.isEmpty();
	}

	/**
	 * Describe a method as {@code Type.name(ParamType, ...)} for error messages.
	 */
	static String describe(Method method) {
		StringBuilder text = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			text.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return text.append(')').toString();
	}

	/**
	 * Adapt {@code method} to a handle of {@code shape}: the receiver (if
	 * {@code receiver} is {@code null}) comes first, then the shape's parameters, routed
	 * to the method's parameters by {@code sources} (for each method parameter, its index
	 * in {@code shape}).
	 */
	static MethodHandle adapt(Method method, @Nullable Object receiver, MethodType shape, int[] sources) {
		ReflectionUtils.makeAccessible(method);
		MethodHandle handle;
		try {
			handle = MethodHandles.lookup().unreflect(method);
		}
		catch (IllegalAccessException ex) {
			throw new TcpServiceDefinitionException(
					"Method " + describe(method) + " of " + method.getDeclaringClass().getName()
							+ " is not accessible: " + ex.getMessage() + ".",
					"Make the method public, or open its package to the starter.");
		}
		int offset = 0;
		if (receiver != null) {
			handle = handle.bindTo(receiver);
		}
		else {
			offset = 1;
		}
		Class<?>[] generic = new Class<?>[handle.type().parameterCount()];
		int[] reorder = new int[generic.length];
		if (offset == 1) {
			generic[0] = Object.class;
			reorder[0] = 0;
		}
		for (int i = 0; i < sources.length; i++) {
			generic[i + offset] = shape.parameterType(sources[i]);
			reorder[i + offset] = sources[i];
		}
		handle = handle.asType(MethodType.methodType(Object.class, generic));
		return MethodHandles.permuteArguments(handle, shape, reorder);
	}

}
