package dev.tcpstarter.integration;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;

/**
 * The {@link OnConnect} method of one {@code @TcpService} bean, validated and bound to
 * the bean.
 */
final class ConnectHandler {

	private static final MethodType SHAPE = MethodType.methodType(Object.class, TcpCaller.class);

	private final String beanName;

	private final Method method;

	private final MethodHandle handle;

	private ConnectHandler(String beanName, Method method, MethodHandle handle) {
		this.beanName = beanName;
		this.method = method;
		this.handle = handle;
	}

	/**
	 * Read and validate the {@code @OnConnect} method of a service bean.
	 * @param beanName the bean name, for messages
	 * @param bean the bean (possibly a proxy)
	 * @param targetClass the user class of the bean
	 * @return the handler
	 * @throws TcpServiceDefinitionException if the class has no or several
	 * {@code @OnConnect} methods or one with a wrong signature
	 */
	public static ConnectHandler create(String beanName, Object bean, Class<?> targetClass) {
		Method method = HandlerMethods
			.findRequired(targetClass, OnConnect.class, "Add one @OnConnect method to @TcpService bean '" + beanName
					+ "' that returns a new connection service, e.g. '@OnConnect MyConnection onConnect(TcpCaller caller)'.");
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		String where = "@OnConnect method " + HandlerMethods.describe(method) + " of bean '" + beanName + "'";
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != TcpCaller.class)) {
			throw new TcpServiceDefinitionException(where + " declares parameters " + describeTypes(parameters) + ".",
					"Declare no parameter or a single TcpCaller parameter.");
		}
		Class<?> returnType = method.getReturnType();
		if (returnType.isPrimitive()) {
			throw new TcpServiceDefinitionException(where + " returns " + returnType.getName() + ".",
					"Return the connection service for the connection: an object whose class has an @OnBytes method.");
		}
		if (isConcrete(returnType)) {
			ConnectionServiceType.of(returnType);
		}
		int[] sources = (parameters.length == 1) ? new int[] { 0 } : new int[0];
		return new ConnectHandler(beanName, method, HandlerMethods.adapt(invocable, bean, SHAPE, sources));
	}

	private static boolean isConcrete(Class<?> type) {
		return type != Object.class && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())
				|| HandlerMethods.hasAnnotatedMethod(type, OnBytes.class);
	}

	private static String describeTypes(Class<?>[] types) {
		StringBuilder text = new StringBuilder("(");
		for (int i = 0; i < types.length; i++) {
			text.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
		}
		return text.append(')').toString();
	}

	/**
	 * Invoke the method.
	 * @param caller the new connection
	 * @return the connection service, or {@code null} to reject the connection
	 * @throws Throwable whatever the method throws
	 */
	public @Nullable Object connect(TcpCaller caller) throws Throwable {
		return (Object) this.handle.invokeExact(caller);
	}

	/**
	 * Return the name of the service bean.
	 * @return the bean name
	 */
	public String getBeanName() {
		return this.beanName;
	}

	/**
	 * Describe the method for messages, as {@code Type.method(Params)}.
	 * @return the description
	 */
	public String describe() {
		return HandlerMethods.describe(this.method);
	}

}
