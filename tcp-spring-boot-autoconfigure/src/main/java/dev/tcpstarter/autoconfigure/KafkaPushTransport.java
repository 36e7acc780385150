package dev.tcpstarter.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.messaging.SubscribableChannel;

import dev.tcpstarter.autoconfigure.TcpProperties.Push;
import dev.tcpstarter.push.kafka.KafkaPushChannel;

/**
 * The {@code kafka} transport: the push channel on a producer and a consumer of its own,
 * configured like the application's (Boot's {@code spring.kafka.*}, connection details
 * included, read from its producer and consumer factories) but with byte[] records and
 * the settings of {@link KafkaPushChannel}. Loaded only when spring-integration-kafka and
 * Boot's Kafka support are present.
 */
final class KafkaPushTransport {

	private KafkaPushTransport() {
	}

	static SubscribableChannel channel(Push push, ApplicationContext context) {
		KafkaProperties properties = context.getBeanProvider(KafkaProperties.class).getIfAvailable();
		Map<String, Object> producer = producerSettings(context.getBeanProvider(ProducerFactory.class).getIfUnique(),
				properties);
		Map<String, Object> consumer = consumerSettings(context.getBeanProvider(ConsumerFactory.class).getIfUnique(),
				properties);
		return KafkaPushChannel.create(producer, consumer, push.getTopic(), push.getSendTimeout().toMillis());
	}

	private static Map<String, Object> producerSettings(@Nullable ProducerFactory<?, ?> factory,
			@Nullable KafkaProperties properties) {
		Map<String, Object> settings = (factory != null) ? factory.getConfigurationProperties() : Map.of();
		if (settings.isEmpty()) {
			settings = required(properties).buildProducerProperties();
		}
		return settings;
	}

	private static Map<String, Object> consumerSettings(@Nullable ConsumerFactory<?, ?> factory,
			@Nullable KafkaProperties properties) {
		if (factory != null) {
			try {
				return factory.getConfigurationProperties();
			}
			catch (UnsupportedOperationException ex) {
				// the application's own factory type: fall back to spring.kafka.*
			}
		}
		return required(properties).buildConsumerProperties();
	}

	private static KafkaProperties required(@Nullable KafkaProperties properties) {
		if (properties == null) {
			throw PushTransports.missing("kafka", "Spring Boot's Kafka auto-configuration (spring.kafka.*)",
					"the context has no KafkaProperties bean");
		}
		return properties;
	}

}
