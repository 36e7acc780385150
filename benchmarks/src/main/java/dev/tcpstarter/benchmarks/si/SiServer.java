package dev.tcpstarter.benchmarks.si;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpSender;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A request/reply server written the way a user of raw Spring Integration IP writes one:
 * a server connection factory, a {@code TcpListener} for frames, a {@code TcpSender} to
 * track connections, and {@code TcpConnection.send} for each reply. Deliberately not
 * optimised beyond that.
 */
public final class SiServer {

	private SiServer() {
	}

	/**
	 * Starts a server and returns once it listens.
	 * @param transport {@code net} or {@code nio}
	 * @param handler turns one frame into one reply frame ({@code null}: no reply)
	 */
	public static AbstractServerConnectionFactory start(String transport, int port, AbstractByteArraySerializer codec,
			Function<byte[], byte[]> handler) throws InterruptedException {
		AbstractServerConnectionFactory factory = switch (transport) {
			case "net" -> new TcpNetServerConnectionFactory(port);
			case "nio" -> new TcpNioServerConnectionFactory(port);
			default -> throw new IllegalArgumentException("transport must be net or nio, not " + transport);
		};
		factory.setLocalAddress("127.0.0.1");
		factory.setDeserializer(codec);
		factory.setSerializer(codec);
		factory.setBacklog(1024);
		factory.setSoTcpNoDelay(true);
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("si-scheduler-");
		scheduler.initialize();
		factory.setTaskScheduler(scheduler);
		factory.setBeanFactory(new DefaultListableBeanFactory());
		// what an application context would provide (without one SI logs a WARN
		// for every connection event); the listening event says the port is bound
		CountDownLatch listening = new CountDownLatch(1);
		factory.setApplicationEventPublisher(event -> {
			if (event instanceof TcpConnectionServerListeningEvent) {
				listening.countDown();
			}
		});
		factory.afterPropertiesSet();

		Map<String, TcpConnection> connections = new ConcurrentHashMap<>();
		factory.registerSender(new TcpSender() {

			@Override
			public void addNewConnection(TcpConnection connection) {
				connections.put(connection.getConnectionId(), connection);
			}

			@Override
			public void removeDeadConnection(TcpConnection connection) {
				connections.remove(connection.getConnectionId());
			}

		});
		factory.registerListener(message -> {
			if (!(message.getPayload() instanceof byte[] frame)) {
				return; // ErrorMessage: the connection is being closed
			}
			TcpConnection connection = connections.get((String) message.getHeaders().get(IpHeaders.CONNECTION_ID));
			if (connection == null) {
				return;
			}
			byte[] reply = handler.apply(frame);
			if (reply != null) {
				connection.send(MessageBuilder.withPayload(reply).build());
			}
		});
		factory.start();
		if (!listening.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Spring Integration " + transport + " server did not bind port " + port);
		}
		return factory;
	}

}
