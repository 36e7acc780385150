package dev.tcpstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the optional method of a {@link ConnectionService} that runs exactly once when
 * its connection ends, whatever the cause: peer close, {@code caller.close()}, idle
 * timeout, frame error or server shutdown.
 * <p>
 * The method takes no parameter or one {@link dev.tcpstarter.TcpCaller}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnClose {

}
