package dev.tcpstarter.sample;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

import dev.tcpstarter.client.TcpCorrelation;

/**
 * Matches the quote service's answers to their requests by the request id, the first word
 * of both, so that requests can be pipelined and answered in any order
 * ({@code tcp.clients.quotes.correlation: quoteCorrelation}). A frame without a numeric
 * first word (a pushed {@code PRICE}) answers no request.
 */
@Component
class QuoteCorrelation implements TcpCorrelation {

	@Override
	public Object requestKey(byte[] request) {
		return firstWord(request);
	}

	@Override
	public Object responseKey(byte[] response) {
		String id = firstWord(response);
		return (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) ? id : null;
	}

	private static String firstWord(byte[] frame) {
		String text = new String(frame, StandardCharsets.UTF_8);
		int space = text.indexOf(' ');
		return (space >= 0) ? text.substring(0, space) : text;
	}

}
