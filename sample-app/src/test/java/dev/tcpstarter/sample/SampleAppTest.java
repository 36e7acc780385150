package dev.tcpstarter.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The sample application as the tests run it, one context for every test class that uses
 * this annotation: every listener and the web server on a free port (the quote service on
 * one its clients know, see {@link QuoteServicePort}), the configuration of
 * {@code application.yml} otherwise. Tests that share it use their own rooms, devices and
 * symbols.
 * <ul>
 * <li>the chat's connections get a small send buffer and a long write timeout, so that a
 * member who does not read fills its buffers at once, and a write waiting for it would
 * block for long;</li>
 * <li>the slow service answers after 3 s, so that a test can see a connection stop
 * reading at {@code max-pending-results} before any answer is due.</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "tcp.listeners.echo.port=0", "tcp.listeners.ack.port=0",
				"tcp.listeners.chat.port=0", "tcp.listeners.lb.port=0", "tcp.listeners.tls-echo.port=0",
				"tcp.listeners.devices.port=0", "tcp.listeners.slow.port=0",
				"tcp.listeners.chat.socket.send-buffer-size=16KB", "tcp.listeners.chat.write-timeout=60s",
				"sample.slow.delay=3s" })
@ContextConfiguration(initializers = QuoteServicePort.class)
@interface SampleAppTest {

}
