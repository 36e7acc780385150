package dev.tcpstarter.benchmarks.si;

import dev.tcpstarter.benchmarks.resp.RespCodec;
import dev.tcpstarter.benchmarks.resp.RespCommands;

/**
 * The RESP server on raw Spring Integration: {@code si-net-resp <port>} or
 * {@code si-nio-resp <port>}.
 */
public final class SiRespServer {

	private SiRespServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String transport = args.length > 1 ? args[1] : "net";
		RespCommands commands = new RespCommands();
		SiServer.start(transport, port, new RespCodec(), commands::execute);
		System.out.println("si-" + transport + "-resp listening on 127.0.0.1:" + port);
		Thread.currentThread().join();
	}

}
