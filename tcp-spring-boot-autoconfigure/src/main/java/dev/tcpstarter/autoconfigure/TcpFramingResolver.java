package dev.tcpstarter.autoconfigure;

import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

import dev.tcpstarter.framing.Framings;
import dev.tcpstarter.handler.TcpServiceDefinitionException;
import dev.tcpstarter.listener.TcpListenerDefinition;

/**
 * Resolves the {@code framing} of a listener: a new built-in codec, or the codec bean it names.
 *
 * @author tcp-spring-boot-starter
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
		String property = "tcp.listeners." + definition.name() + ".framing";
		String allowed = "Use one of " + TcpListenerDefinitions.builtInFramings()
				+ ", or the name of a bean that is both a Serializer<byte[]> and a Deserializer<byte[]> "
				+ "(any Spring Integration AbstractByteArraySerializer).";
		if (!this.beanFactory.containsBean(definition.framing())) {
			throw new TcpServiceDefinitionException(property + " is '" + definition.framing()
					+ "', which is neither a built-in framing nor a bean name.", allowed);
		}
		Object codec = this.beanFactory.getBean(definition.framing());
		if (!(codec instanceof Serializer<?>) || !(codec instanceof Deserializer<?>)) {
			throw new TcpServiceDefinitionException(property + " names bean '" + definition.framing() + "' of type "
					+ codec.getClass().getName() + ", which is not both a Serializer and a Deserializer.", allowed);
		}
		return codec;
	}

}
