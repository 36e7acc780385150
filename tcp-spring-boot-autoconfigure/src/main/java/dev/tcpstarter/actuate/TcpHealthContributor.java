package dev.tcpstarter.actuate;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpServerListener;

/**
 * The {@code tcp} health contributor: one entry per listener, UP while it is bound and
 * accepting, DOWN with the reason otherwise, with its port, TLS and active connections as
 * details.
 */
public class TcpHealthContributor implements CompositeHealthContributor {

	private final TcpListenerRegistry registry;

	/**
	 * Create a contributor over the listeners of {@code registry}.
	 * @param registry the listener registry
	 */
	public TcpHealthContributor(TcpListenerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		TcpServerListener listener = this.registry.getListener(name);
		return (listener != null) ? indicator(listener) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.registry.getListeners()
			.stream()
			.map((listener) -> new HealthContributors.Entry(listener.definition().name(), indicator(listener)));
	}

	private static HealthIndicator indicator(TcpServerListener listener) {
		return () -> health(listener);
	}

	static Health health(TcpServerListener listener) {
		Health.Builder builder;
		if (listener.isListening()) {
			builder = Health.up();
		}
		else {
			builder = Health.down().withDetail("reason", listener.isClosed() ? "stopped" : "not accepting connections");
		}
		return builder.withDetail("port", listener.port())
			.withDetail("tls", listener.definition().isSecure())
			.withDetail("activeConnections", listener.activeConnections())
			.build();
	}

}
