package dev.tcpstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the optional method of a {@link ConnectionService} that receives errors of its
 * connection: an {@link OnBytes} method that threw or whose future failed
 * ({@link dev.tcpstarter.TcpHandlerException}), a malformed or oversized frame
 * ({@link dev.tcpstarter.TcpFrameException}), and I/O errors
 * ({@link dev.tcpstarter.TcpConnectionException}).
 * <p>
 * Parameters: one {@code Throwable} or subtype ({@link dev.tcpstarter.TcpException}
 * recommended), optionally one {@link dev.tcpstarter.TcpCaller}. Without such a method,
 * errors are logged at WARN with the connection id.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnError {

}
