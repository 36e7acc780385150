package dev.tcpstarter.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogText}.
 */
class LogTextTests {

	@Test
	void shouldKeepPrintableTextAsItIs() {
		assertThat(LogText.of("PRICE ACME 12.50 é")).isEqualTo("PRICE ACME 12.50 é");
	}

	@Test
	void shouldEscapeLineBreaksAndControlCharacters() {
		assertThat(LogText.of("ACME\r\nFAKE LOG LINE\t\u001b[31m\u0085"))
			.isEqualTo("ACME\\r\\nFAKE LOG LINE\\t\\u001b[31m\\u0085");
	}

	@Test
	void shouldEscapeFormatCharactersSeparatorsAndLoneSurrogates() {
		assertThat(LogText.of("a\u202eb\u200bc\u2028d\uD800e")).isEqualTo("a\\u202eb\\u200bc\\u2028d\\ud800e");
	}

	@Test
	void shouldDoubleBackslashesSoThatEscapesReadBack() {
		assertThat(LogText.of("C:\\r")).isEqualTo("C:\\\\r");
	}

	@Test
	void shouldCutLongTextAndSayHowLongItWas() {
		String text = "y".repeat(LogText.MAX_CHARS) + "z".repeat(20);
		assertThat(LogText.of(text)).isEqualTo("y".repeat(LogText.MAX_CHARS) + "...(100 chars)");
	}

	@Test
	void shouldNotCutASurrogatePairInTwo() {
		String text = "y".repeat(LogText.MAX_CHARS - 1) + "\uD83D\uDE00" + "z";
		assertThat(LogText.of(text)).isEqualTo("y".repeat(LogText.MAX_CHARS - 1) + "...(82 chars)");
		assertThat(LogText.of("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
	}

}
