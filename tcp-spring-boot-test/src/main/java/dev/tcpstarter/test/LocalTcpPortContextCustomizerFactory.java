package dev.tcpstarter.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * {@link ContextCustomizerFactory} that adds
 * {@link LocalTcpPortAnnotationBeanPostProcessor} to every Spring TestContext application
 * context.
 */
class LocalTcpPortContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new LocalTcpPortContextCustomizer();
	}

}
