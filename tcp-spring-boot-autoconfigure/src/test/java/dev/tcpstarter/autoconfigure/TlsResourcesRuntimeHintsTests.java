package dev.tcpstarter.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource hints that AOT processing contributes, through
 * {@code META-INF/spring/aot.factories}, for TLS material that listeners and clients read
 * from {@code classpath:} locations, so that a native image holds it.
 */
class TlsResourcesRuntimeHintsTests {

	@Test
	void shouldRegisterTheClasspathFilesOfTheBundlesListenersUseWithEveryServerNameBundle() {
		RuntimeHints hints = processAheadOfTime(
				"spring.ssl.bundle.pem.default.keystore.certificate=classpath:tls/default.crt",
				"spring.ssl.bundle.pem.default.keystore.private-key=classpath:/tls/default.key",
				"spring.ssl.bundle.jks.alpha.keystore.location=classpath:tls/alpha.p12",
				"spring.ssl.bundle.jks.alpha.truststore.location=classpath:tls/alpha-trust.p12",
				"spring.ssl.bundle.pem.beta.keystore.certificate=file:/etc/tls/beta.crt",
				"spring.ssl.bundle.pem.beta.keystore.private-key=etc/tls/beta.key",
				"spring.ssl.bundle.pem.beta.truststore.certificate=classpath:tls/beta-ca.crt",
				"spring.ssl.bundle.pem.unused.keystore.certificate=classpath:tls/unused.crt",
				"tcp.listeners.edge.port=0", "tcp.listeners.edge.ssl.bundle=default",
				"tcp.listeners.edge.ssl.server-name-bundles[0].server-name=alpha.example.com",
				"tcp.listeners.edge.ssl.server-name-bundles[0].bundle=alpha",
				"tcp.listeners.edge.ssl.server-name-bundles[1].server-name=beta.example.com",
				"tcp.listeners.edge.ssl.server-name-bundles[1].bundle=beta");
		for (String resource : new String[] { "tls/default.crt", "tls/default.key", "tls/alpha.p12",
				"tls/alpha-trust.p12", "tls/beta-ca.crt" }) {
			assertThat(RuntimeHintsPredicates.resource().forResource(resource)).as(resource).accepts(hints);
		}
		for (String resource : new String[] { "tls/unused.crt", "etc/tls/beta.crt", "etc/tls/beta.key" }) {
			assertThat(RuntimeHintsPredicates.resource().forResource(resource)).as(resource).rejects(hints);
		}
	}

	@Test
	void shouldRegisterTheClasspathFilesOfTheShortcutsOfListenersAndClients() {
		RuntimeHints hints = processAheadOfTime("tcp.listeners.pem.port=0",
				"tcp.listeners.pem.ssl.certificate=classpath:tls/pem.crt",
				"tcp.listeners.pem.ssl.certificate-private-key=classpath:tls/pem.key",
				"tcp.listeners.pem.ssl.trust-certificate=classpath:tls/clients-ca.crt", "tcp.listeners.store.port=0",
				"tcp.listeners.store.ssl.key-store=classpath:tls/store.p12", "tcp.listeners.off.port=0",
				"tcp.listeners.off.ssl.enabled=false", "tcp.listeners.off.ssl.certificate=classpath:tls/off.crt",
				"tcp.listeners.off.ssl.certificate-private-key=classpath:tls/off.key", "tcp.clients.feed.port=1",
				"tcp.clients.feed.ssl.trust-certificate=classpath:tls/feed-ca.crt",
				"tcp.clients.feed.ssl.certificate=classpath:tls/feed-client.crt",
				"tcp.clients.feed.ssl.certificate-private-key=classpath:tls/feed-client.key",
				"tcp.clients.quotes.port=2", "tcp.clients.quotes.ssl.bundle=quotes",
				"spring.ssl.bundle.pem.quotes.truststore.certificate=classpath:tls/quotes-ca.crt");
		for (String resource : new String[] { "tls/pem.crt", "tls/pem.key", "tls/clients-ca.crt", "tls/store.p12",
				"tls/feed-ca.crt", "tls/feed-client.crt", "tls/feed-client.key", "tls/quotes-ca.crt" }) {
			assertThat(RuntimeHintsPredicates.resource().forResource(resource)).as(resource).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("tls/off.crt")).rejects(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("tls/off.key")).rejects(hints);
	}

	@Test
	void shouldContributeNothingWithoutClasspathTlsMaterial() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			TestPropertyValues
				.of("tcp.listeners.plain.port=0", "tcp.listeners.tls.port=0",
						"tcp.listeners.tls.ssl.certificate=/etc/tls/server.crt",
						"tcp.listeners.tls.ssl.certificate-private-key=file:/etc/tls/server.key")
				.applyTo(context);
			context.refreshForAotProcessing(new RuntimeHints());
			assertThat(new TlsResourcesAotProcessor().processAheadOfTime(context.getBeanFactory())).isNull();
		}
		assertThat(new TlsResourcesAotProcessor().processAheadOfTime(new DefaultListableBeanFactory())).isNull();
	}

	private static RuntimeHints processAheadOfTime(String... properties) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			TestPropertyValues.of(properties).applyTo(context);
			TestGenerationContext generationContext = new TestGenerationContext();
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			return generationContext.getRuntimeHints();
		}
	}

}
