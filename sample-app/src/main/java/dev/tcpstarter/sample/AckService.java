package dev.tcpstarter.sample;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * The seed's caller pattern: log the message, then write {@code ACK} through the caller.
 */
@TcpService(listeners = "ack")
class AckService {

	private static final Log logger = LogFactory.getLog(AckService.class);

	private static final byte[] ACK = "ACK".getBytes(StandardCharsets.US_ASCII);

	@OnConnect
	AckConnection onConnect(TcpCaller caller) {
		logger.info("New TCP connection " + caller.id() + " from " + caller.remoteHost());
		return new AckConnection();
	}

	@ConnectionService
	static class AckConnection {

		@OnBytes
		void onBytes(TcpCaller caller, String message) {
			logger.info("Received message: " + message.strip());
			caller.writeBytes(ACK);
		}

		@OnClose
		void onClose(TcpCaller caller) {
			logger.info("Connection " + caller.id() + " closed");
		}

		@OnError
		void onError(TcpException error) {
			logger.warn("Connection error: " + error.getMessage());
		}

	}

}
