package dev.tcpstarter.benchmarks.starter;

import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.benchmarks.resp.RespCommands;

/** Attached to listener {@code resp}; one key space shared by all connections. */
@TcpService(listeners = "resp")
class RespService {

	private final RespCommands store = new RespCommands();

	@OnConnect
	RespConnection onConnect() {
		return new RespConnection(this.store);
	}

}
