package dev.tcpstarter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.tcpstarter.handler.TcpServiceDefinitionException;

/**
 * Explains an invalid TCP service, connection service or listener configuration.
 *
 * @author tcp-spring-boot-starter
 */
class TcpServiceDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<TcpServiceDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TcpServiceDefinitionException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
