package dev.tcpstarter.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.messaging.SubscribableChannel;

import dev.tcpstarter.autoconfigure.TcpProperties.Push;
import dev.tcpstarter.push.redis.RedisPushChannel;

/**
 * The {@code redis} transport: the push channel over the application's
 * {@link RedisConnectionFactory}. Loaded only when spring-integration-redis and Boot's
 * Redis support are present.
 */
final class RedisPushTransport {

	private RedisPushTransport() {
	}

	static SubscribableChannel channel(Push push, ApplicationContext context) {
		ObjectProvider<RedisConnectionFactory> factories = context.getBeanProvider(RedisConnectionFactory.class);
		RedisConnectionFactory factory = factories.getIfUnique();
		if (factory == null) {
			throw PushTransports.missing("redis",
					"one RedisConnectionFactory bean (org.springframework.boot:spring-boot-starter-data-redis "
							+ "creates it from spring.data.redis.*)",
					"the context has " + context.getBeanNamesForType(RedisConnectionFactory.class).length);
		}
		// on virtual threads, handing a frame to a connection is cheap enough for
		// Lettuce's event loop; with a thread per connection it may start a thread
		return new RedisPushChannel(factory, push.getTopic(), push.getSendTimeout(),
				TcpAutoConfiguration.onVirtualThreads(context));
	}

}
