package dev.tcpstarter.benchmarks.starter;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.benchmarks.resp.RespCommands;

/**
 * One per connection: each RESP command (one frame of {@code RespCodec}) in, its encoded
 * reply out.
 */
@ConnectionService
class RespConnection {

	private final RespCommands commands;

	RespConnection(RespCommands commands) {
		this.commands = commands;
	}

	@OnBytes
	byte[] onBytes(byte[] command) {
		return this.commands.execute(command);
	}

}
