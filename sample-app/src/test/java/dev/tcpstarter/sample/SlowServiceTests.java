package dev.tcpstarter.sample;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow service's listener stops reading a connection at {@code max-pending-results}
 * (32): a client that pipelines 100 lines gets 32 of them handled, the rest wait in the
 * socket until answers are written (here after 3 s), and the answers come in order. A
 * peer that resets with answers pending is routine: logged at DEBUG, not WARN.
 */
@SampleAppTest
@ExtendWith(OutputCaptureExtension.class)
class SlowServiceTests {

	@LocalTcpPort("slow")
	int slowPort;

	@Autowired
	MeterRegistry meterRegistry;

	@Test
	void shouldStopReadingAtMaxPendingResults() {
		double before = handled();
		try (TcpTestClient client = TcpTestClient.connect(this.slowPort).framing(Framing.LF)) {
			for (int i = 0; i < 100; i++) {
				client.send("line " + i);
			}
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> handled() - before >= 32);
			// no answer is due before 3 s: the 33rd line is not read meanwhile
			Awaitility.await()
				.during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(1))
				.until(() -> handled() - before == 32);
			client.expect("done line 0").expect("done line 1").expect("done line 2");
		}
	}

	@Test
	void shouldNotWarnWhenAPeerResetsWithAnswersPending(CapturedOutput output) throws Exception {
		double errors = ioErrors();
		int logged = output.getOut().length();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.slowPort)) {
			socket.getOutputStream().write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
			socket.setSoLinger(true, 0);
		}
		// the answers cannot be written: an I/O error of the connection, counted, logged
		// at DEBUG
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ioErrors() > errors);
		assertThat(output.getOut().substring(logged).lines().filter((line) -> line.contains(" WARN ")))
			.noneMatch((line) -> line.contains("'slow'") || line.contains("SlowService"));
	}

	private double ioErrors() {
		return this.meterRegistry.find("tcp.server.errors")
			.tags("listener", "slow", "kind", "io")
			.functionCounters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private double handled() {
		return this.meterRegistry.get("tcp.server.frames.received").tag("listener", "slow").functionCounter().count();
	}

}
