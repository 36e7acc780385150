package dev.tcpstarter.actuate;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpServer;

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
		TcpServer server = this.registry.getServer(name);
		return (server != null) ? indicator(server) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.registry.getServers()
			.stream()
			.map((server) -> new HealthContributors.Entry(server.definition().name(), indicator(server)));
	}

	private static HealthIndicator indicator(TcpServer server) {
		return () -> health(server);
	}

	static Health health(TcpServer server) {
		Health.Builder builder;
		if (server.isListening()) {
			builder = Health.up();
		}
		else {
			builder = Health.down().withDetail("reason", server.isClosed() ? "stopped" : "not accepting connections");
		}
		return builder.withDetail("port", server.port())
			.withDetail("tls", server.definition().isSecure())
			.withDetail("activeConnections", server.activeConnections())
			.build();
	}

}
