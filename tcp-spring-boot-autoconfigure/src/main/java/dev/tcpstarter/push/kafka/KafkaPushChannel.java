package dev.tcpstarter.push.kafka;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.integration.kafka.channel.PublishSubscribeKafkaChannel;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;

import dev.tcpstarter.push.TcpPush;

/**
 * The push channel over Kafka: Spring Integration's {@link PublishSubscribeKafkaChannel}
 * on a producer and a consumer of its own.
 * <ul>
 * <li>Records are {@code byte[]} (the envelope), keyed by this instance, so that one
 * instance's pushes stay in one partition and in order.</li>
 * <li>Every instance reads every push: its consumer group is its own
 * ({@code tcp-push-<random>}), starts at the latest offset and commits nothing, so
 * restarts leave no offsets behind on the broker.</li>
 * <li>A send that fails throws (the stock channel returns {@code false} and logs at
 * ERROR), and fails fast: {@code max.block.ms}, {@code request.timeout.ms} and
 * {@code delivery.timeout.ms} default to the send timeout, and {@code linger.ms} to 0,
 * since each send waits for its acknowledgement.</li>
 * </ul>
 */
public class KafkaPushChannel extends PublishSubscribeKafkaChannel {

	private final DefaultKafkaProducerFactory<byte[], byte[]> producerFactory;

	private final KafkaTemplate<byte[], byte[]> template;

	private final byte[] key;

	private KafkaPushChannel(DefaultKafkaProducerFactory<byte[], byte[]> producerFactory,
			KafkaTemplate<byte[], byte[]> template, ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory,
			String topic, UUID instance) {
		super(template, factory, topic);
		this.producerFactory = producerFactory;
		this.template = template;
		this.key = ByteBuffer.allocate(16)
			.putLong(instance.getMostSignificantBits())
			.putLong(instance.getLeastSignificantBits())
			.array();
		setGroupId("tcp-push-" + instance);
		setPhase(TcpPush.PHASE - 1);
	}

	/**
	 * Create a channel from the application's Kafka client settings.
	 * @param producerSettings the application's producer configuration (bootstrap
	 * servers, security); serializers are replaced, the fail-fast settings are added
	 * where not set
	 * @param consumerSettings the application's consumer configuration; deserializers,
	 * group, offset reset and commits are replaced
	 * @param topic the topic
	 * @param sendTimeout the longest a send may wait, in milliseconds
	 * @return the channel
	 */
	public static KafkaPushChannel create(Map<String, Object> producerSettings, Map<String, Object> consumerSettings,
			String topic, long sendTimeout) {
		UUID instance = UUID.randomUUID();
		Map<String, Object> producer = new HashMap<>(producerSettings);
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, "tcp-push-" + instance);
		producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		String timeout = Long.toString(sendTimeout);
		producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
		producer.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
		producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
		producer.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
				Long.toString(sendTimeout + Long.parseLong(producer.get(ProducerConfig.LINGER_MS_CONFIG).toString())));
		DefaultKafkaProducerFactory<byte[], byte[]> producerFactory = new DefaultKafkaProducerFactory<>(producer);
		KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(producerFactory);
		template.setDefaultTopic(topic);
		// a failed send throws to the caller and is counted; the push's own log says when
		// the transport fails and recovers, not one ERROR per push
		template.setProducerListener(new ProducerListener<>() {
		});

		Map<String, Object> consumer = new HashMap<>(consumerSettings);
		consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "tcp-push-" + instance);
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
		consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(consumer));
		factory.setConcurrency(1);
		factory.setContainerCustomizer((container) -> container.setBeanName("tcp-push"));
		// offsets are never acknowledged, so nothing is committed
		factory.getContainerProperties().setAckMode(AckMode.MANUAL);
		return new KafkaPushChannel(producerFactory, template, factory, topic, instance);
	}

	@Override
	protected boolean doSend(Message<?> message, long timeout) {
		if (!(message.getPayload() instanceof byte[] envelope)) {
			throw new MessageDeliveryException(message, "The push channel carries byte[] envelopes only");
		}
		CompletableFuture<SendResult<byte[], byte[]>> sent = this.template
			.send(new ProducerRecord<>(this.topic, this.key, envelope));
		try {
			sent.get((timeout < 0) ? Long.MAX_VALUE : timeout, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MessageDeliveryException(message, "Interrupted while waiting for Kafka to acknowledge", ex);
		}
		catch (ExecutionException ex) {
			throw new MessageDeliveryException(message, "Kafka did not accept the push",
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			throw new MessageDeliveryException(message, "Kafka did not acknowledge the push within " + timeout + " ms",
					ex);
		}
	}

	@Override
	public void destroy() {
		super.destroy();
		this.producerFactory.destroy();
	}

}
