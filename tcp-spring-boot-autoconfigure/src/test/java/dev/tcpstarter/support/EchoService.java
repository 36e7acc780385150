package dev.tcpstarter.support;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

/**
 * A {@code @TcpService} that writes every frame back, attached to the only configured
 * listener. Register it with {@code withUserConfiguration(EchoService.class)}.
 */
@TcpService
public class EchoService {

	@OnConnect
	Echo onConnect() {
		return new Echo();
	}

	@ConnectionService
	static class Echo {

		@OnBytes
		byte[] onBytes(byte[] data) {
			return data;
		}

	}

}
