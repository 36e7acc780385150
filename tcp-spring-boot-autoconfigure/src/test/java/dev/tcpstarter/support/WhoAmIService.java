package dev.tcpstarter.support;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

/**
 * A {@code @TcpService} that answers every line with the client it sees:
 * {@code <remoteHost>:<remotePort> direct} or
 * {@code <remoteHost>:<remotePort> via <proxyHost>:<proxyPort>}. Attaches to the only
 * configured listener; register it with
 * {@code withUserConfiguration(WhoAmIService.class)}.
 */
@TcpService
public class WhoAmIService {

	@OnConnect
	WhoAmI onConnect() {
		return new WhoAmI();
	}

	@ConnectionService
	static class WhoAmI {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			return caller.remoteHost() + ":" + caller.remotePort()
					+ caller.proxyAddress()
						.map((proxy) -> " via " + proxy.getAddress().getHostAddress() + ":" + proxy.getPort())
						.orElse(" direct");
		}

	}

}
