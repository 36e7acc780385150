package dev.tcpstarter.support;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tcpstarter.autoconfigure.TcpAutoConfiguration;
import dev.tcpstarter.autoconfigure.TcpPortInfoApplicationContextInitializer;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpServer;

/**
 * Context runners with the TCP auto-configuration, as an application gets it.
 */
public final class TcpContextRunners {

	private TcpContextRunners() {
	}

	/**
	 * Return a runner with the TCP and SSL auto-configurations and the port-info
	 * initializer.
	 * @return the runner
	 */
	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TcpAutoConfiguration.class, SslAutoConfiguration.class))
			.withInitializer(new TcpPortInfoApplicationContextInitializer());
	}

	/**
	 * Return the bound port of a listener.
	 * @param context the running context
	 * @param listener the listener name
	 * @return the port
	 */
	public static int port(AssertableApplicationContext context, String listener) {
		Integer port = context.getEnvironment().getProperty("local.tcp.listener." + listener + ".port", Integer.class);
		if (port == null) {
			throw new AssertionError("Listener '" + listener + "' has no published port");
		}
		return port;
	}

	/**
	 * Return the counters of a running listener.
	 * @param context the running context
	 * @param listener the listener name
	 * @return the counters
	 */
	public static TcpListenerStatistics statistics(AssertableApplicationContext context, String listener) {
		TcpServer running = context.getBean(TcpListenerRegistry.class).getServer(listener);
		if (running == null) {
			throw new AssertionError("Listener '" + listener + "' is not running");
		}
		return running.statistics();
	}

}
