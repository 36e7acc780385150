package dev.tcpstarter.integration;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnError;

/**
 * The handler methods of one connection service class, read and validated once per class
 * and invoked through pre-built method handles.
 */
final class ConnectionServiceType {

	private static final ClassValue<ConnectionServiceType> CACHE = new ClassValue<>() {
		@Override
		protected ConnectionServiceType computeValue(Class<?> type) {
			return new ConnectionServiceType(type);
		}
	};

	private static final Set<Class<?>> RESULT_TYPES = Set.of(void.class, byte[].class, String.class, ByteBuffer.class,
			Object.class);

	private static final Set<Class<?>> ASYNC_RESULT_TYPES = Set.of(Void.class, Object.class, byte[].class, String.class,
			ByteBuffer.class);

	private static final MethodType BYTES_SHAPE = MethodType.methodType(Object.class, Object.class, Object.class,
			TcpCaller.class);

	private static final MethodType CLOSE_SHAPE = MethodType.methodType(Object.class, Object.class, TcpCaller.class);

	private static final MethodType ERROR_SHAPE = MethodType.methodType(Object.class, Object.class, Throwable.class,
			TcpCaller.class);

	private final Method bytesMethod;

	private final MethodHandle onBytes;

	private final PayloadType payloadType;

	private final @Nullable MethodHandle onClose;

	private final @Nullable MethodHandle onError;

	private final Class<?> errorType;

	private ConnectionServiceType(Class<?> type) {
		this.bytesMethod = HandlerMethods.findRequired(type, OnBytes.class,
				"A connection service returned by @OnConnect needs exactly one @OnBytes method, e.g. "
						+ "'@OnBytes byte[] onBytes(byte[] data)'.");
		this.payloadType = validateBytes(this.bytesMethod);
		this.onBytes = HandlerMethods.adapt(this.bytesMethod, null, BYTES_SHAPE, bytesSources(this.bytesMethod));
		Method close = HandlerMethods.findOptional(type, OnClose.class);
		this.onClose = (close != null) ? HandlerMethods.adapt(close, null, CLOSE_SHAPE, closeSources(close)) : null;
		Method error = HandlerMethods.findOptional(type, OnError.class);
		this.errorType = (error != null) ? validateError(error) : Throwable.class;
		this.onError = (error != null) ? HandlerMethods.adapt(error, null, ERROR_SHAPE, errorSources(error)) : null;
	}

	/**
	 * Return the validated handler methods of a connection service class, reading them on
	 * first use.
	 * @param type the class of a connection service
	 * @return the handler methods
	 * @throws TcpServiceDefinitionException if the class is not a valid connection
	 * service
	 */
	public static ConnectionServiceType of(Class<?> type) {
		return CACHE.get(type);
	}

	private static String where(String annotation, Method method) {
		return annotation + " method " + HandlerMethods.describe(method) + " of "
				+ method.getDeclaringClass().getName();
	}

	private static PayloadType validateBytes(Method method) {
		PayloadType payload = null;
		int callers = 0;
		for (Class<?> parameter : method.getParameterTypes()) {
			PayloadType candidate = PayloadType.of(parameter);
			if (candidate != null && payload == null) {
				payload = candidate;
			}
			else if (parameter == TcpCaller.class && callers == 0) {
				callers++;
			}
			else {
				throw new TcpServiceDefinitionException(
						where("@OnBytes", method) + " has an unexpected parameter of type " + parameter.getName() + ".",
						"Declare exactly one payload parameter of type byte[], ByteBuffer or String, and optionally one TcpCaller, in any order.");
			}
		}
		if (payload == null) {
			throw new TcpServiceDefinitionException(where("@OnBytes", method) + " has no payload parameter.",
					"Declare exactly one payload parameter of type byte[], ByteBuffer or String, and optionally one TcpCaller.");
		}
		Class<?> result = method.getReturnType();
		boolean valid = RESULT_TYPES.contains(result);
		if (CompletionStage.class.isAssignableFrom(result)) {
			Class<?> async = ResolvableType.forMethodReturnType(method).as(CompletionStage.class).resolveGeneric(0);
			valid = async == null || ASYNC_RESULT_TYPES.contains(async);
		}
		if (!valid) {
			throw new TcpServiceDefinitionException(
					where("@OnBytes", method) + " returns " + ResolvableType.forMethodReturnType(method) + ".",
					"Return void, byte[], String, ByteBuffer, or a CompletionStage of byte[], String, ByteBuffer or Void "
							+ "(or Object, to decide among those at run time).");
		}
		return payload;
	}

	private static Class<?> validateError(Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		Class<?> error = null;
		for (Class<?> parameter : parameters) {
			if (Throwable.class.isAssignableFrom(parameter) && error == null) {
				error = parameter;
			}
			else if (parameter != TcpCaller.class || parameters.length > 2) {
				throw new TcpServiceDefinitionException(
						where("@OnError", method) + " has an unexpected parameter of type " + parameter.getName() + ".",
						"Declare one Throwable parameter (TcpException recommended) and optionally one TcpCaller.");
			}
		}
		if (error == null) {
			throw new TcpServiceDefinitionException(where("@OnError", method) + " has no Throwable parameter.",
					"Declare one Throwable parameter (TcpException recommended) and optionally one TcpCaller.");
		}
		return error;
	}

	private static int[] bytesSources(Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		int[] sources = new int[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			sources[i] = (parameters[i] == TcpCaller.class) ? 2 : 1;
		}
		return sources;
	}

	private static int[] closeSources(Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != TcpCaller.class)) {
			throw new TcpServiceDefinitionException(
					where("@OnClose", method) + " declares parameters it cannot be given.",
					"Declare no parameter or a single TcpCaller parameter.");
		}
		return (parameters.length == 1) ? new int[] { 1 } : new int[0];
	}

	private static int[] errorSources(Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		int[] sources = new int[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			sources[i] = (parameters[i] == TcpCaller.class) ? 2 : 1;
		}
		return sources;
	}

	/**
	 * Invoke the {@code @OnBytes} method.
	 * @param service the connection service
	 * @param frame the frame
	 * @param charset the charset for {@code String} payloads
	 * @param caller the connection
	 * @return the result, or {@code null}
	 * @throws Throwable whatever the method throws
	 */
	public @Nullable Object onBytes(Object service, byte[] frame, Charset charset, TcpCaller caller) throws Throwable {
		return (Object) this.onBytes.invokeExact(service, this.payloadType.convert(frame, charset), caller);
	}

	/**
	 * Invoke the {@code @OnClose} method, if any.
	 * @param service the connection service
	 * @param caller the connection
	 * @throws Throwable whatever the method throws
	 */
	public void onClose(Object service, TcpCaller caller) throws Throwable {
		if (this.onClose != null) {
			Object ignored = (Object) this.onClose.invokeExact(service, caller);
		}
	}

	/**
	 * Invoke the {@code @OnError} method if there is one that accepts {@code error}.
	 * @param service the connection service
	 * @param error the error
	 * @param caller the connection
	 * @return whether a method was invoked
	 * @throws Throwable whatever the method throws
	 */
	public boolean onError(Object service, Throwable error, TcpCaller caller) throws Throwable {
		if (this.onError == null || !this.errorType.isInstance(error)) {
			return false;
		}
		Object ignored = (Object) this.onError.invokeExact(service, error, caller);
		return true;
	}

	/**
	 * Describe the {@code @OnBytes} method for messages.
	 * @return the description
	 */
	public String describeOnBytes() {
		return HandlerMethods.describe(this.bytesMethod);
	}

}
