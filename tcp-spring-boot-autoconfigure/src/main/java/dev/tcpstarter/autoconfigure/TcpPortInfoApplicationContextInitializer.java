package dev.tcpstarter.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import dev.tcpstarter.listener.TcpListenerStartedEvent;

/**
 * Publishes the bound port of each TCP listener as {@code local.tcp.listener.<name>.port}
 * in the environment (and in those of parent contexts), so tests with {@code port: 0} can
 * find it.
 */
public class TcpPortInfoApplicationContextInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String PROPERTY_SOURCE_NAME = "server.ports";

	@Override
	public void initialize(ConfigurableApplicationContext applicationContext) {
		applicationContext.addApplicationListener(new Listener(applicationContext));
	}

	private static final class Listener implements ApplicationListener<TcpListenerStartedEvent> {

		private final ConfigurableApplicationContext applicationContext;

		Listener(ConfigurableApplicationContext applicationContext) {
			this.applicationContext = applicationContext;
		}

		@Override
		public void onApplicationEvent(TcpListenerStartedEvent event) {
			setPortProperty(this.applicationContext, "local.tcp.listener." + event.getListenerName() + ".port",
					event.getPort());
		}

		private void setPortProperty(ApplicationContext context, String property, int port) {
			if (context instanceof ConfigurableApplicationContext configurable) {
				setPortProperty(configurable.getEnvironment(), property, port);
			}
			if (context.getParent() != null) {
				setPortProperty(context.getParent(), property, port);
			}
		}

		@SuppressWarnings("unchecked")
		private void setPortProperty(ConfigurableEnvironment environment, String property, int port) {
			MutablePropertySources sources = environment.getPropertySources();
			PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
			if (source == null) {
				source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
				sources.addFirst(source);
			}
			((Map<String, Object>) source.getSource()).put(property, port);
		}

	}

}
