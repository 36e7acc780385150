package dev.tcpstarter.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The listeners of the application: their running servers by name, and accepting new
 * connections switched off and on (as readiness does). The auto-configured bean of this
 * type also runs them: every listener binds its port when the context starts and drains
 * its connections when it stops, in the lifecycle phase {@link #PHASE}.
 */
public interface TcpListenerRegistry {

	/**
	 * The lifecycle phase in which listeners start and stop,
	 * {@code SmartLifecycle.DEFAULT_PHASE - 1024}: that of Boot's
	 * {@code WebServerGracefulShutdownLifecycle}, one phase after the web server's start
	 * and stop ({@code DEFAULT_PHASE - 2048}), so listeners start after it and drain
	 * before it stops.
	 */
	int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	/**
	 * Return the servers of the listeners of the last start, running or stopped.
	 * @return the servers, in start order
	 */
	List<TcpServer> getServers();

	/**
	 * Return the server of a listener of the last start.
	 * @param name the listener name
	 * @return the server, or {@code null} if there is none of that name
	 */
	@Nullable TcpServer getServer(String name);

	/**
	 * Stop accepting new connections on every listener, keeping open connections
	 * (readiness {@code REFUSING_TRAFFIC}).
	 */
	void pauseAccepting();

	/**
	 * Accept new connections again on every listener (readiness
	 * {@code ACCEPTING_TRAFFIC}), unless the listeners are stopped.
	 */
	void resumeAccepting();

}
