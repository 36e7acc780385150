package dev.tcpstarter.support;

import java.util.Properties;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (spring-kafka-test's KRaft broker, in this JVM) for a test, without
 * the system properties it sets: those would point every later context of the test JVM at
 * a broker that is gone. Pass {@link #bootstrapServers()} explicitly instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

	private final EmbeddedKafkaKraftBroker broker;

	private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * Start a single-node broker with topics.
	 * @param partitions partitions per topic
	 * @param topics the topics to create
	 * @return the running broker
	 */
	public static synchronized EmbeddedKafka start(int partitions, String... topics) {
		Properties saved = (Properties) System.getProperties().clone();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
		broker.brokerListProperty("tcp.test.embedded.kafka.brokers");
		try {
			broker.afterPropertiesSet();
		}
		finally {
			for (String key : new String[] { "tcp.test.embedded.kafka.brokers",
					EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS, "spring.kafka.bootstrap-servers" }) {
				String before = saved.getProperty(key);
				if (before == null) {
					System.clearProperty(key);
				}
				else {
					System.setProperty(key, before);
				}
			}
		}
		return new EmbeddedKafka(broker);
	}

	/**
	 * Return the {@code spring.kafka.bootstrap-servers} value of this broker.
	 * @return the bootstrap servers
	 */
	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	/**
	 * Shut the broker down (it cannot be started again: its ports are random).
	 */
	@Override
	public void close() {
		this.broker.destroy();
	}

}
