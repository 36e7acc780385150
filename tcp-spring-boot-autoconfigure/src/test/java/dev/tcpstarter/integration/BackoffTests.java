package dev.tcpstarter.integration;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Backoff}.
 */
class BackoffTests {

	@Test
	void shouldGrowByTheMultiplierUpToTheMaxDelay() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, () -> 0.5);
		assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(100));
		assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(200));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void shouldSpreadEachDelayByTheJitter() {
		Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, () -> 0.0);
		Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, () -> 0.999999);
		assertThat(low.delay(0)).isEqualTo(Duration.ofMillis(80));
		assertThat(high.delay(0)).isBetween(Duration.ofMillis(119), Duration.ofMillis(120));
		assertThat(high.delay(10)).isLessThanOrEqualTo(high.maxDelay());
		assertThat(high.maxDelay()).isEqualTo(Duration.ofMillis(1200));
	}

}
