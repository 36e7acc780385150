/**
 * The PROXY protocol (versions 1 and 2, as HAProxy, nginx and AWS NLB send it): reading
 * the header a load balancer puts in front of a connection, to learn the original
 * client's address.
 */
@NullMarked
package dev.tcpstarter.proxy;

import org.jspecify.annotations.NullMarked;
