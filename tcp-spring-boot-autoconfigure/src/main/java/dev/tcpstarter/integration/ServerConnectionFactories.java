package dev.tcpstarter.integration;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

import dev.tcpstarter.listener.TcpConnectionFactoryCustomizer;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpTransport;

/**
 * Builds the Spring Integration server connection factory of a listener: the starter's
 * connection classes, its codec, the mapper that hands frames to sessions, socket options
 * from the definition ({@link SocketOptionsSupport}), then the user's customizers.
 */
final class ServerConnectionFactories {

	private ServerConnectionFactories() {
	}

	static Created create(ListenerContext context, ServerResources resources, Object codec,
			ConnectionExecutor executor) {
		TcpListenerDefinition definition = context.definition();
		AbstractServerConnectionFactory factory;
		ListenerTransport transport;
		if (definition.transport() == TcpTransport.NIO) {
			NioServerConnectionFactory nio = new NioServerConnectionFactory(definition.port(),
					new AcceptFailures(context));
			nio.setTcpNioConnectionSupport((channel, server, lookupHost, publisher,
					name) -> new NioServerConnection(channel, lookupHost, publisher, name, context));
			factory = nio;
			transport = nio;
		}
		else {
			NetServerConnectionFactory net = new NetServerConnectionFactory(definition.port(),
					new AcceptFailures(context));
			ConnectionEstablisher establisher = new ConnectionEstablisher(context, resources.scheduler());
			net.setTcpNetConnectionSupport((socket, server, lookupHost, publisher,
					name) -> new NetServerConnection(socket, lookupHost, publisher, name, context, establisher));
			factory = net;
			transport = net;
		}
		factory.setBeanName("tcpListener." + definition.name());
		if (definition.host() != null) {
			factory.setLocalAddress(definition.host());
		}
		factory.setBacklog(definition.backlog());
		SocketOptionsSupport socketOptions = SocketOptionsSupport.install(definition, factory);
		if (definition.idleTimeout() != null) {
			factory.setSoTimeout((int) Math.min(Integer.MAX_VALUE, definition.idleTimeout().toMillis()));
		}
		factory.setSerializer((Serializer<?>) codec);
		factory.setDeserializer((Deserializer<?>) codec);
		factory.setMapper(new FrameDispatchingMapper(definition.maxFrameSize()));
		factory.setTaskExecutor(executor);
		factory.setTaskScheduler(resources.scheduler());
		factory.setBeanFactory(resources.beanFactory());
		factory.setApplicationEventPublisher(resources.eventPublisher());
		// frames and errors reach the sessions without Spring
		// Integration messages (see FrameDispatchingMapper); what
		// the factory still delivers here are its error copies
		factory.registerListener((message) -> {
		});
		for (TcpConnectionFactoryCustomizer customizer : resources.customizers()) {
			customizer.customize(definition.name(), factory);
		}
		factory.afterPropertiesSet();
		return new Created(factory, transport, socketOptions);
	}

	/**
	 * A factory (as Spring Integration's and as the listener's transport, one object) and
	 * the socket options of its connections.
	 */
	record Created(AbstractServerConnectionFactory factory, ListenerTransport transport,
			SocketOptionsSupport socketOptions) {
	}

}
