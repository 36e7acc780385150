package dev.tcpstarter.sample;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.LocalTcpPort;
import dev.tcpstarter.test.TcpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow service's listener stops reading a connection at {@code max-pending-results}
 * (32): a client that pipelines 100 lines gets 32 of them handled, the rest wait in the
 * socket until answers are written (here after 3 s), and the answers come in order.
 */
@SampleAppTest
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

	private double handled() {
		return this.meterRegistry.get("tcp.server.frames.received").tag("listener", "slow").functionCounter().count();
	}

}
