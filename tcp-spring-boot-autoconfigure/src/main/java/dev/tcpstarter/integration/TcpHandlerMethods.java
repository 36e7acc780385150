package dev.tcpstarter.integration;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;

/**
 * The methods of user classes that the starter invokes, found the way the runtime finds
 * them, for tools that need to know them ahead of time, such as the AOT processing that
 * registers the runtime hints of a native image. Signatures are not validated here: that
 * happens when the application starts, with messages that name the method and the fix.
 */
final class TcpHandlerMethods {

	private static final List<Class<? extends Annotation>> CONNECTION_SERVICE_HANDLERS = List.of(OnBytes.class,
			OnClose.class, OnError.class);

	private TcpHandlerMethods() {
	}

	/**
	 * Return the methods invoked for a {@code @TcpService} class: its {@link OnConnect}
	 * method, and the handler methods of the connection service class that method
	 * declares as its return type (see {@link #ofConnectionService(Class)}), unless it is
	 * declared as returning {@code Object}.
	 * @param serviceType the class of a {@code @TcpService} bean
	 * @return the methods, possibly none
	 */
	public static Set<Method> ofTcpService(Class<?> serviceType) {
		Set<Method> methods = new LinkedHashSet<>();
		for (Method onConnect : HandlerMethods.findAll(serviceType, OnConnect.class)) {
			methods.add(onConnect);
			Class<?> connectionServiceType = onConnect.getReturnType();
			if (connectionServiceType != Object.class && !connectionServiceType.isPrimitive()) {
				methods.addAll(ofConnectionService(connectionServiceType));
			}
		}
		return methods;
	}

	/**
	 * Return the methods invoked on a connection service class: its {@link OnBytes},
	 * {@link OnClose} and {@link OnError} methods.
	 * @param connectionServiceType the class of a connection service
	 * @return the methods, possibly none
	 */
	public static Set<Method> ofConnectionService(Class<?> connectionServiceType) {
		Set<Method> methods = new LinkedHashSet<>();
		for (Class<? extends Annotation> annotation : CONNECTION_SERVICE_HANDLERS) {
			methods.addAll(HandlerMethods.findAll(connectionServiceType, annotation));
		}
		return methods;
	}

}
