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

	/**
	 * The connection service: writes every frame back.
	 */
	@ConnectionService
	public static class Echo {

		/**
		 * Write the frame back.
		 * @param data the frame
		 * @return the frame
		 */
		@OnBytes
		public byte[] onBytes(byte[] data) {
			return data;
		}

	}

}
