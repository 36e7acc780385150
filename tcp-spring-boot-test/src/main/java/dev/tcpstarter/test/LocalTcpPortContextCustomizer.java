package dev.tcpstarter.test;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * {@link ContextCustomizer} that registers
 * {@link LocalTcpPortAnnotationBeanPostProcessor}.
 */
class LocalTcpPortContextCustomizer implements ContextCustomizer {

	static final String BEAN_NAME = LocalTcpPortAnnotationBeanPostProcessor.class.getName();

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		if (context instanceof BeanDefinitionRegistry registry) {
			if (!registry.containsBeanDefinition(BEAN_NAME)) {
				RootBeanDefinition definition = new RootBeanDefinition(LocalTcpPortAnnotationBeanPostProcessor.class);
				definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
				registry.registerBeanDefinition(BEAN_NAME, definition);
			}
			return;
		}
		LocalTcpPortAnnotationBeanPostProcessor postProcessor = new LocalTcpPortAnnotationBeanPostProcessor();
		postProcessor.setEnvironment(context.getEnvironment());
		context.addBeanFactoryPostProcessor((beanFactory) -> beanFactory.addBeanPostProcessor(postProcessor));
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		return (obj != null) && (obj.getClass() == getClass());
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
