package dev.tcpstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.tcpstarter.listener.TcpPortInUseException;

/**
 * Explains a TCP listener whose port is already in use, as Boot does for web servers.
 */
class TcpPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<TcpPortInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TcpPortInUseException cause) {
		String property = "tcp.listeners." + cause.getListenerName() + ".port";
		return new FailureAnalysis(
				"TCP listener '" + cause.getListenerName() + "' failed to start. Port " + cause.getPort()
						+ " was already in use.",
				"Identify and stop the process that's listening on port " + cause.getPort() + " or set " + property
						+ " (or the @TcpService port) to another port.",
				cause);
	}

}
