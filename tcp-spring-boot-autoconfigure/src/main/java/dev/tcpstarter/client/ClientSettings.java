package dev.tcpstarter.client;

import java.nio.charset.Charset;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

/**
 * What a {@link TcpClient.Builder} was told, checked and fixed when the client is built,
 * so that changing the builder afterwards does not change the client.
 *
 * @param name the name of the client, for messages, logs and metrics
 * @param target {@code host:port}, and the name when one was given, for error messages
 * @param host the host to connect to
 * @param port the port to connect to
 * @param localHost the local address to connect from, or {@code null} for any
 * @param connectTimeout how long connecting may take, zero for the operating system's
 * limit
 * @param readTimeout how long a read may wait in total, zero for no limit
 * @param writeTimeout how long a write may block, zero for no limit
 * @param handshakeTimeout how long the TLS handshake may take, zero for no limit
 * @param charset the charset of the text methods
 * @param autoReconnect whether the next operation after a lost connection opens a new one
 * @param serializer encodes the frames written
 * @param deserializer decodes the frames read
 * @param sslContext the TLS context, or {@code null} for plain TCP
 * @param enabledProtocols the TLS protocols to enable, or {@code null} for the context's
 * default
 * @param ciphers the TLS cipher suites to enable, or {@code null} for the context's
 * default
 * @param verifyHostname whether the server's certificate must be valid for {@code host}
 * @param eventPublisher where to publish connection events, or {@code null} for nowhere
 * @author tcp-spring-boot-starter
 */
record ClientSettings(String name, String target, String host, int port, @Nullable String localHost,
		Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration handshakeTimeout,
		Charset charset, boolean autoReconnect, Serializer<byte[]> serializer, Deserializer<byte[]> deserializer,
		@Nullable SSLContext sslContext, String @Nullable [] enabledProtocols, String @Nullable [] ciphers,
		boolean verifyHostname, @Nullable ApplicationEventPublisher eventPublisher) {

}
