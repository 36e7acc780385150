/**
 * Reading TCP service classes once: discovery of {@code @OnConnect}, {@code @OnBytes},
 * {@code @OnClose} and {@code @OnError} methods, signature validation with errors that
 * name the method and the fix, and pre-built {@link java.lang.invoke.MethodHandle}
 * invokers so that nothing is looked up per frame.
 */
@NullMarked
package dev.tcpstarter.handler;

import org.jspecify.annotations.NullMarked;
