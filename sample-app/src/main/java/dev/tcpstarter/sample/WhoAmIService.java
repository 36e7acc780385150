package dev.tcpstarter.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * Answers each line with {@code <line> from <host>:<port>} of the caller, for running
 * behind a load balancer: with {@code proxy-protocol} enabled the address is that of the
 * original client, not that of the balancer, so clients can check that it is their own.
 * Used by the HAProxy scenario in {@code scenarios/haproxy}.
 */
@TcpService(listeners = "lb")
class WhoAmIService {

	private static final Log logger = LogFactory.getLog(WhoAmIService.class);

	@OnConnect
	WhoAmIConnection onConnect() {
		return new WhoAmIConnection();
	}

	@ConnectionService
	static class WhoAmIConnection {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			return line + " from " + caller.remoteHost() + ":" + caller.remotePort();
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			if (error instanceof TcpConnectionException) {
				// HAProxy ends every health check connection with a reset
				logger.debug("Connection " + caller.id() + " failed: " + error.getMessage());
			}
			else {
				logger.warn("Connection " + caller.id() + " failed: " + error.getMessage());
			}
		}

	}

}
