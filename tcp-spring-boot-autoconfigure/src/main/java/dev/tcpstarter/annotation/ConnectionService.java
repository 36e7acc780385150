package dev.tcpstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the class of the per-connection objects that {@link OnConnect} methods return.
 * Its fields are per-connection state: every connection gets its own object.
 * <p>
 * The class has exactly one {@link OnBytes} method and may have one {@link OnClose} and
 * one {@link OnError} method. It is not a bean; its methods are read once per class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConnectionService {

}
