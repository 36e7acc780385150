package dev.tcpstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Declares a TCP service: a bean with one {@link OnConnect} method, attached to one or
 * more listeners, or to named clients.
 * <p>
 * Attach it to listeners configured under {@code tcp.listeners.<name>} with
 * {@link #listeners()}, or give it an inline listener of its own with {@link #port()}
 * (and optionally {@link #host()}), named after the bean. With neither, the service
 * attaches to the only configured listener.
 * <p>
 * With {@link #clients()}, the service runs on the outbound connections of the clients
 * configured under {@code tcp.clients.<name>} instead: {@code @OnConnect} for every
 * connection the client opens (the first and every reconnect; it may write a login or
 * subscribe frame), {@code @OnBytes} for the frames that answer no request (server push),
 * {@code @OnClose} and {@code @OnError} as on a listener. A service names listeners (or a
 * port) or clients, not both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface TcpService {

	/**
	 * Bean name of the service.
	 * @return the bean name, or empty for a generated one
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

	/**
	 * Names of the listeners to attach to, as configured under
	 * {@code tcp.listeners.<name>}.
	 * @return the listener names
	 */
	String[] listeners() default {};

	/**
	 * Names of the clients whose connections this service serves, as configured under
	 * {@code tcp.clients.<name>}. Such a client connects at startup and reopens lost
	 * connections in the background.
	 * @return the client names
	 */
	String[] clients() default {};

	/**
	 * Port of an inline listener owned by this service; placeholders such as
	 * {@code "${echo.port:3000}"} are resolved. {@code 0} binds any free port.
	 * @return the port, or empty for none
	 */
	String port() default "";

	/**
	 * Address the inline listener binds to; placeholders are resolved.
	 * @return the host, or empty for all interfaces
	 */
	String host() default "";

}
