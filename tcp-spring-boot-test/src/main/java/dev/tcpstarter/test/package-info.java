/**
 * Test support for TCP services: {@link dev.tcpstarter.test.LocalTcpPort @LocalTcpPort}
 * to inject the bound port of a listener, {@link dev.tcpstarter.test.TcpTestClient} to
 * drive a TCP service from a test, and {@link dev.tcpstarter.test.MockTcpServer} to stand
 * in for a remote TCP service.
 */
@NullMarked
package dev.tcpstarter.test;

import org.jspecify.annotations.NullMarked;
