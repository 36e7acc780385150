package dev.tcpstarter.benchmarks.si;

import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;

import dev.tcpstarter.benchmarks.echo.EchoFraming;

/**
 * The 4-byte length-prefix echo server on raw Spring Integration:
 * {@code si-net-echo <port>} (or nio).
 */
public final class SiEchoServer {

	private SiEchoServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String transport = args.length > 1 ? args[1] : "net";
		ByteArrayLengthHeaderSerializer codec = new ByteArrayLengthHeaderSerializer(EchoFraming.HEADER_SIZE);
		codec.setMaxMessageSize(EchoFraming.MAX_FRAME_SIZE);
		SiServer.start(transport, port, codec, payload -> payload);
		System.out.println("si-" + transport + "-echo listening on 127.0.0.1:" + port);
		Thread.currentThread().join();
	}

}
