/**
 * Actuator support for TCP listeners: the {@code tcp} health contributor and the
 * {@code tcp} endpoint. Used only when Spring Boot Actuator is on the classpath.
 */
@NullMarked
package dev.tcpstarter.actuate;

import org.jspecify.annotations.NullMarked;
