/**
 * Ahead-of-time processing for native images: the runtime hints for the user methods that
 * the starter invokes through method handles ({@code @OnConnect}, {@code @OnBytes},
 * {@code @OnClose}, {@code @OnError}).
 */
@NullMarked
package dev.tcpstarter.aot;

import org.jspecify.annotations.NullMarked;
