package dev.tcpstarter.autoconfigure;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

import dev.tcpstarter.client.TcpClient;

/**
 * Registers a {@link TcpClient} bean for each key under {@code tcp.clients}, named after
 * the key and qualified with it, so that {@code @Qualifier("<name>") TcpClient client}
 * injects it. The keys are read from the environment before any bean exists, so
 * {@code tcp.clients} is bound here with a {@link Binder}, to the same
 * {@link TcpClientProperties.Client} values as {@link TcpProperties#getClients()}; the
 * clients themselves are built by {@link NamedTcpClients} from {@link TcpProperties} when
 * first needed. A bean that already has the name is left alone.
 */
final class TcpClientBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private static final Log logger = LogFactory.getLog(TcpClientBeanRegistrar.class);

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Register a {@link TcpClient} bean definition for each client name under
	 * {@code tcp.clients}.
	 * @param registry the bean definition registry, also the bean factory
	 */
	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (AotDetector.useGeneratedArtifacts()) {
			// registered at build time: the AOT-generated code restores the definitions
			return;
		}
		Environment environment = this.environment;
		Assert.state(environment != null, "No Environment set");
		Map<String, TcpClientProperties.Client> clients = Binder.get(environment)
			.bind("tcp.clients", Bindable.mapOf(String.class, TcpClientProperties.Client.class))
			.orElse(Map.of());
		for (String name : clients.keySet()) {
			if (registry.containsBeanDefinition(name)) {
				logger.info("Not registering TCP client 'tcp.clients." + name + "': a bean named '" + name
						+ "' already exists");
				continue;
			}
			// a factory method and its argument, not an
			// instance supplier: AOT can turn this into code
			RootBeanDefinition definition = new RootBeanDefinition();
			definition.setTargetType(TcpClient.class);
			definition.setFactoryBeanName(NamedTcpClients.BEAN_NAME);
			definition.setFactoryMethodName("create");
			definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			definition.setDestroyMethodName("close");
			registry.registerBeanDefinition(name, definition);
		}
	}

}
