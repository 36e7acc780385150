package dev.tcpstarter.autoconfigure;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

import dev.tcpstarter.listener.TcpListenerRegistry;

/**
 * Follows Boot's readiness state: on {@link ReadinessState#REFUSING_TRAFFIC} listeners
 * stop accepting new connections, so load balancers move traffic away, while open
 * connections are served; on {@link ReadinessState#ACCEPTING_TRAFFIC} they accept again.
 */
class TcpReadinessSwitch implements ApplicationListener<AvailabilityChangeEvent<?>> {

	private final TcpListenerRegistry registry;

	TcpReadinessSwitch(TcpListenerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
			this.registry.pauseAccepting();
		}
		else if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.registry.resumeAccepting();
		}
	}

}
