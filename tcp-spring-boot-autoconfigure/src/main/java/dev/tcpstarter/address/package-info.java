/**
 * IP addresses as peers send them and as listeners are configured with them: literals
 * parsed without name-service lookups, and CIDR blocks for trusted proxies and address
 * policies. Imports nothing of the starter.
 */
@NullMarked
package dev.tcpstarter.address;

import org.jspecify.annotations.NullMarked;
