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
 * <p>
 * Whoever connects chooses what this logs: each line is escaped and cut
 * ({@link LogText}), so that a peer can neither forge log lines (a CR or LF in its line)
 * nor fill the log (the listener's {@code max-frame-size} bounds a line, and only its
 * first {@value LogText#MAX_CHARS} characters are logged). A production service would log
 * received data at DEBUG, if at all, and count it with the starter's meters instead
 * ({@code tcp.server.frames.received}); at INFO every frame is a log line, which a fast
 * peer turns into a disk-filling stream.
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
			if (logger.isInfoEnabled()) {
				logger.info("Received message on " + caller.id() + ": " + LogText.of(message.strip()));
			}
			caller.writeBytes(ACK);
		}

		@OnClose
		void onClose(TcpCaller caller) {
			logger.info("Connection " + caller.id() + " closed");
		}

		@OnError
		void onError(TcpException error) {
			// the starter escapes the peer text that its exception messages quote
			logger.warn("Connection error: " + error.getMessage());
		}

	}

}
