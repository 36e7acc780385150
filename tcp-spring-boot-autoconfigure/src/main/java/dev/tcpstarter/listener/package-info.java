/**
 * Running listeners: one Spring Integration server connection factory per listener, the
 * per-connection sessions that call the user's handlers, framing, limits and lifecycle.
 */
@NullMarked
package dev.tcpstarter.listener;

import org.jspecify.annotations.NullMarked;
