package dev.tcpstarter.autoconfigure;

import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.integration.Framings;
import dev.tcpstarter.listener.TcpListenerDefinition;

/**
 * Resolves the {@code framing} of a listener: a new built-in codec, or the codec bean it
 * names.
 */
final class TcpFramingResolver implements Function<TcpListenerDefinition, Object> {

	private final BeanFactory beanFactory;

	TcpFramingResolver(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object apply(TcpListenerDefinition definition) {
		AbstractByteArraySerializer builtIn = Framings.create(definition.framing(), definition.maxFrameSize(),
				definition.lengthPrefixSize());
		if (builtIn != null) {
			return builtIn;
		}
		return codecBean(this.beanFactory, definition.framing(), "tcp.listeners." + definition.name() + ".framing");
	}

	/**
	 * Return the codec bean that a {@code framing} property names.
	 * @param beanFactory the bean factory
	 * @param framing the property value, not a built-in framing
	 * @param property the property, for messages
	 * @return a bean that is both a {@code Serializer} and a {@code Deserializer}
	 * @throws TcpConfigurationException if there is no such bean
	 */
	static Object codecBean(BeanFactory beanFactory, String framing, String property) {
		String allowed = "Use one of " + String.join(", ", Framings.NAMES)
				+ ", or the name of a bean that is both a Serializer<byte[]> and a Deserializer<byte[]> "
				+ "(any Spring Integration AbstractByteArraySerializer).";
		if (!beanFactory.containsBean(framing)) {
			throw new TcpConfigurationException(
					property + " is '" + framing + "', which is neither a built-in framing nor a bean name.", allowed);
		}
		Object codec = beanFactory.getBean(framing);
		if (!(codec instanceof Serializer<?>) || !(codec instanceof Deserializer<?>)) {
			throw new TcpConfigurationException(property + " names bean '" + framing + "' of type "
					+ codec.getClass().getName() + ", which is not both a Serializer and a Deserializer.", allowed);
		}
		return codec;
	}

}
