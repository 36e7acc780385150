package dev.tcpstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link TcpService} that runs when a client connects and returns
 * the connection service for that connection: a new object per connection, whose class
 * has an {@link OnBytes} method.
 * <p>
 * The method takes no parameter or one {@link dev.tcpstarter.TcpCaller}. Returning
 * {@code null} or throwing rejects the connection: it is closed, and the rejection is
 * logged and counted.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {

}
