package dev.tcpstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link ConnectionService} that receives each frame of its
 * connection.
 * <p>
 * Parameters, in any order: exactly one payload of type {@code byte[]},
 * {@code ByteBuffer} (read-only) or {@code String} (decoded with the listener's charset),
 * and optionally one {@link dev.tcpstarter.TcpCaller}. The return type is {@code void},
 * {@code byte[]}, {@code String}, {@code ByteBuffer}, or a {@code CompletionStage} of one
 * of those ({@code Object} chooses among them at run time); a non-null result is written
 * back as one frame.
 * <p>
 * Calls for one connection never overlap and follow arrival order; results of
 * asynchronous handlers are written in arrival order too.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnBytes {

}
