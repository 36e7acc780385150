package dev.tcpstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.tcpstarter.TcpConfigurationException;

/**
 * Explains an invalid TCP property, TLS material, service or connection service class.
 */
class TcpConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<TcpConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TcpConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
