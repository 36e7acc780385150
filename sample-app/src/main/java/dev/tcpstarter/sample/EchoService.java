package dev.tcpstarter.sample;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * The seed's echo pattern: the bytes {@code @OnBytes} returns are written back.
 */
@TcpService(listeners = "echo")
class EchoService {

	@OnConnect
	EchoConnection onConnect() {
		return new EchoConnection();
	}

	@ConnectionService
	static class EchoConnection {

		@OnBytes
		byte[] onBytes(byte[] data) {
			return data;
		}

		@OnClose
		void onClose() {
		}

		@OnError
		void onError(TcpException error) {
		}

	}

}
