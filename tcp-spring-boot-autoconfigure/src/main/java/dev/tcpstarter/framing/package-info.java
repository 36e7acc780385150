/**
 * Frame codecs for the built-in framings ({@code raw}, {@code lf}, {@code crlf},
 * {@code stx-etx}, {@code length-prefix}) and the unsynchronized buffered streams they
 * decode from and encode to. Every codec is a Spring Integration
 * {@code AbstractByteArraySerializer}, so user codecs and built-in ones are
 * interchangeable.
 */
@NullMarked
package dev.tcpstarter.framing;

import org.jspecify.annotations.NullMarked;
