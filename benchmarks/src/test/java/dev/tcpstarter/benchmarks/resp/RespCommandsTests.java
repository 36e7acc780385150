package dev.tcpstarter.benchmarks.resp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RespCommandsTests {

	private final RespCommands commands = new RespCommands();

	@Test
	void ping() {
		assertThat(run("*1\r\n$4\r\nPING\r\n")).isEqualTo("+PONG\r\n");
		assertThat(run("ping\r\n")).isEqualTo("+PONG\r\n");
		assertThat(run("*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n")).isEqualTo("$2\r\nhi\r\n");
		assertThat(run("ECHO hello\r\n")).isEqualTo("$5\r\nhello\r\n");
	}

	@Test
	void setGetDel() {
		assertThat(run("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n")).isEqualTo("$-1\r\n");
		assertThat(run("*3\r\n$3\r\nset\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n")).isEqualTo("+OK\r\n");
		assertThat(run("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n")).isEqualTo("$5\r\nva\r\nl\r\n");
		assertThat(run("SET other 1\r\n")).isEqualTo("+OK\r\n");
		assertThat(run("*4\r\n$3\r\nDEL\r\n$3\r\nkey\r\n$5\r\nother\r\n$7\r\nmissing\r\n")).isEqualTo(":2\r\n");
		assertThat(run("DEL key\r\n")).isEqualTo(":0\r\n");
		assertThat(run("GET key\r\n")).isEqualTo("$-1\r\n");
		assertThat(run("GET\r\n")).startsWith("-ERR wrong number of arguments");
	}

	@Test
	void incr() {
		assertThat(run("*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n")).isEqualTo(":1\r\n");
		assertThat(run("INCR n\r\n")).isEqualTo(":2\r\n");
		assertThat(run("GET n\r\n")).isEqualTo("$1\r\n2\r\n");
		assertThat(run("SET s abc\r\n")).isEqualTo("+OK\r\n");
		assertThat(run("INCR s\r\n")).isEqualTo("-ERR value is not an integer or out of range\r\n");
	}

	@Test
	void whatRedisBenchmarkSendsAtStartGetsHarmlessReplies() {
		assertThat(run("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nsave\r\n")).isEqualTo("*0\r\n");
		assertThat(run("*1\r\n$7\r\nCOMMAND\r\n")).isEqualTo("+OK\r\n");
		assertThat(this.commands.execute(RespCodecTests.bytes("\r\n"))).isNull();
	}

	private String run(String command) {
		return RespCodecTests.text(this.commands.execute(RespCodecTests.bytes(command)));
	}

}
