package dev.tcpstarter.benchmarks.starter;

import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

@TcpService(listeners = "echo")
class EchoService {

	@OnConnect
	EchoConnection onConnect() {
		return new EchoConnection();
	}

}
