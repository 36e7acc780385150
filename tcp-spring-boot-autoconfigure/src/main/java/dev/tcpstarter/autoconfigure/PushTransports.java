package dev.tcpstarter.autoconfigure;

import java.util.Locale;

import org.springframework.context.ApplicationContext;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.util.ClassUtils;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.autoconfigure.TcpProperties.Push;
import dev.tcpstarter.push.TcpPush;

/**
 * Builds the channel of {@code tcp.push.transport}, after checking that the transport's
 * optional dependencies are on the classpath: the classes of a broker are only touched
 * (in {@link RedisPushTransport} and {@link KafkaPushTransport}) once they are known to
 * be there.
 */
final class PushTransports {

	// envelope header and longest target, so that an encoded push fits in an array
	private static final int PUSH_OVERHEAD = 64 * 1024 + 64;

	private PushTransports() {
	}

	static SubscribableChannel channel(Push push, ApplicationContext context) {
		return switch (push.getTransport()) {
			case LOCAL -> new LocalPushChannel();
			case REDIS -> {
				require(context, "redis", "org.springframework.integration.redis.channel.SubscribableRedisChannel",
						"org.springframework.integration:spring-integration-redis");
				yield RedisPushTransport.channel(push, context);
			}
			case KAFKA -> {
				require(context, "kafka", "org.springframework.integration.kafka.channel.PublishSubscribeKafkaChannel",
						"org.springframework.integration:spring-integration-kafka");
				require(context, "kafka", "org.springframework.boot.kafka.autoconfigure.KafkaProperties",
						"org.springframework.boot:spring-boot-starter-kafka");
				yield KafkaPushTransport.channel(push, context);
			}
		};
	}

	/**
	 * Return the settings of {@link TcpPush} over a channel: an auto-configured channel
	 * is known by its class; any other is the application's own, watched by a heartbeat
	 * like a broker.
	 */
	static TcpPush.Settings settings(Push push, SubscribableChannel channel) {
		int maxFrameSize = (int) Math.min(Integer.MAX_VALUE - PUSH_OVERHEAD, push.getMaxFrameSize().toBytes());
		if (push.getMaxInFlight() < 1) {
			throw new TcpConfigurationException(
					"Property tcp.push.max-in-flight is " + push.getMaxInFlight() + ", but it must be at least 1.",
					"Set tcp.push.max-in-flight to the most pushes that may wait for the broker's answer at once "
							+ "(default 1000), or remove it.");
		}
		if (channel instanceof LocalPushChannel) {
			return new TcpPush.Settings("local", null, maxFrameSize, push.getSendTimeout(), null,
					push.getMaxInFlight());
		}
		// the broker channels' classes are not loaded here: their libraries are optional
		boolean ours = channel.getClass().getName().startsWith(TcpPush.class.getPackageName() + ".");
		return new TcpPush.Settings(ours ? push.getTransport().name().toLowerCase(Locale.ROOT) : "channel",
				ours ? push.getTopic() : null, maxFrameSize, push.getSendTimeout(), push.getHeartbeatInterval(),
				push.getMaxInFlight());
	}

	private static void require(ApplicationContext context, String transport, String className, String dependency) {
		if (!ClassUtils.isPresent(className, context.getClassLoader())) {
			throw missing(transport, dependency, className + " is not on the classpath");
		}
	}

	static TcpConfigurationException missing(String transport, String dependency, String found) {
		return new TcpConfigurationException(
				"Property tcp.push.transport is '" + transport + "', which needs " + dependency + ", but " + found
						+ ".",
				"Add " + dependency + " to the application's dependencies (the version comes from Spring Boot's "
						+ "dependency management), or set tcp.push.transport to local.");
	}

	/**
	 * The in-memory channel of transport {@code local}: delivery runs on the thread that
	 * calls {@code sendTo…}.
	 */
	static final class LocalPushChannel extends PublishSubscribeChannel {

	}

}
