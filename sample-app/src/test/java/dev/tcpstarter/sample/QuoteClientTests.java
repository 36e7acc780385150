package dev.tcpstarter.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import dev.tcpstarter.client.TcpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests {@link QuoteClient} and {@link PriceFeedService} against the sample's own
 * {@link QuoteService}: pipelined quotes matched by request id, and prices pushed to the
 * feed client's service.
 */
@SampleAppTest
class QuoteClientTests {

	@Autowired
	QuoteClient quoteClient;

	@Autowired
	PriceFeedService feed;

	@Autowired
	@Qualifier("quotes")
	TcpClient quotes;

	@Test
	void shouldAskTheQuoteServiceForASymbol() {
		assertThat(this.quoteClient.quote("ACME")).isEqualTo("ACME 12.50");
		assertThat(this.quoteClient.quote("NOPE")).isEqualTo("NOPE unknown symbol");
	}

	@Test
	void shouldPipelineQuotesMatchedByRequestId() {
		List<String> symbols = List.of("ACME", "GLOBEX", "INITECH");
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			answers.add(this.quoteClient.quoteAsync(symbols.get(i % 3)));
		}
		for (int i = 0; i < 300; i++) {
			String symbol = symbols.get(i % 3);
			assertThat(answers.get(i)).succeedsWithin(Duration.ofSeconds(10))
				.isEqualTo(symbol + " " + QuoteService.PRICES.get(symbol));
		}
		assertThat(this.quotes.statistics().requests("success")).isGreaterThanOrEqualTo(300);
	}

	@Test
	void shouldReceiveThePricesThatTheServicePushesToTheFeed() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.feed.latest("ACME").isPresent());
		assertThat(this.feed.latest("ACME")).contains("12.50");
	}

}
