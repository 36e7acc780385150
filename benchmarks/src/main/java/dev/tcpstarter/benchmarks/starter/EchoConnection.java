package dev.tcpstarter.benchmarks.starter;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;

/** The echo pattern: the returned bytes are written back as one frame. */
@ConnectionService
class EchoConnection {

	@OnBytes
	byte[] onBytes(byte[] data) {
		return data;
	}

}
