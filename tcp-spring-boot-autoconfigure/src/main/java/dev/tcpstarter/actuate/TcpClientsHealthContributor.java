package dev.tcpstarter.actuate;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.tcpstarter.client.TcpClient;

/**
 * The {@code tcpClients} health contributor: one entry per TCP client, named after it. UP
 * while connected, or not used yet; DOWN when no connection is open and the last attempt
 * to connect failed, with that failure as {@code lastError} and the time of the next
 * background attempt as {@code nextAttempt}.
 */
public class TcpClientsHealthContributor implements CompositeHealthContributor {

	private final ObjectProvider<TcpClient> clients;

	/**
	 * Create a contributor over the {@link TcpClient} beans.
	 * @param clients the clients
	 */
	public TcpClientsHealthContributor(ObjectProvider<TcpClient> clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.clients.orderedStream()
			.filter((client) -> client.name().equals(name))
			.findFirst()
			.map(TcpClientsHealthContributor::indicator)
			.orElse(null);
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.clients.orderedStream()
			.map((client) -> new HealthContributors.Entry(client.name(), indicator(client)));
	}

	private static HealthIndicator indicator(TcpClient client) {
		return () -> health(client);
	}

	static Health health(TcpClient client) {
		boolean connected = client.isConnected();
		Health.Builder builder = (connected || client.lastConnectFailure().isEmpty()) ? Health.up() : Health.down();
		builder.withDetail("server", client.host() + ":" + client.port())
			.withDetail("connected", connected)
			.withDetail("pendingRequests", client.pendingRequests());
		client.lastConnectFailure()
			.ifPresent((error) -> builder.withDetail("lastError", String.valueOf(error.getMessage())));
		client.nextConnectAttempt().ifPresent((next) -> builder.withDetail("nextAttempt", next.toString()));
		return builder.build();
	}

}
