package dev.tcpstarter.integration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for signature validation of {@link ConnectHandler} and
 * {@link ConnectionServiceType}: every wrong signature fails with a message naming the
 * class and method, what was found and what is allowed.
 */
class HandlerValidationTests {

	@Test
	void shouldFailWithoutOnConnect() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectHandler.create("svc", new NoConnect(), NoConnect.class))
			.withMessageContaining("NoConnect has no @OnConnect method")
			.satisfies(
					(ex) -> assertThat(ex.getAction()).contains("Add one @OnConnect method to @TcpService bean 'svc'"));
	}

	@Test
	void shouldFailWithTwoOnConnectMethods() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectHandler.create("svc", new TwoConnects(), TwoConnects.class))
			.withMessageContaining("has 2 @OnConnect methods: TwoConnects.a(), TwoConnects.b()")
			.withMessageContaining("Keep exactly one @OnConnect method");
	}

	@Test
	void shouldFailWhenOnConnectTakesOtherParameters() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectHandler.create("svc", new BadConnectParameter(), BadConnectParameter.class))
			.withMessageContaining(
					"@OnConnect method BadConnectParameter.connect(String) of bean 'svc' declares parameters (String)")
			.withMessageContaining("Declare no parameter or a single TcpCaller parameter");
	}

	@Test
	void shouldFailWhenOnConnectReturnsVoid() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectHandler.create("svc", new VoidConnect(), VoidConnect.class))
			.withMessageContaining("returns void")
			.withMessageContaining("an object whose class has an @OnBytes method");
	}

	@Test
	void shouldFailWhenTheDeclaredConnectionServiceHasNoOnBytes() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectHandler.create("svc", new ConnectsToNoBytes(), ConnectsToNoBytes.class))
			.withMessageContaining("NoBytes has no @OnBytes method")
			.withMessageContaining("'@OnBytes byte[] onBytes(byte[] data)'");
	}

	@Test
	void shouldFailWithTwoOnBytesMethods() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(TwoBytes.class))
			.withMessageContaining("has 2 @OnBytes methods");
	}

	@Test
	void shouldFailWhenOnBytesHasAnUnsupportedParameter() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(IntBytes.class))
			.withMessageContaining("@OnBytes method IntBytes.onBytes(int)")
			.withMessageContaining("unexpected parameter of type int")
			.withMessageContaining("byte[], ByteBuffer or String");
	}

	@Test
	void shouldFailWhenOnBytesHasTwoPayloads() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(TwoPayloads.class))
			.withMessageContaining("unexpected parameter of type java.lang.String");
	}

	@Test
	void shouldFailWhenOnBytesReturnsAnUnsupportedType() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(IntResult.class))
			.withMessageContaining("returns int")
			.withMessageContaining("Return void, byte[], String, ByteBuffer, or a CompletionStage");
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(FutureOfInteger.class))
			.withMessageContaining("returns java.util.concurrent.CompletableFuture<java.lang.Integer>");
	}

	@Test
	void shouldFailWhenOnErrorHasNoThrowable() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(BadError.class))
			.withMessageContaining("@OnError method BadError.onError(String)")
			.withMessageContaining("Declare one Throwable parameter");
	}

	@Test
	void shouldFailWhenOnCloseTakesAPayload() {
		assertThatExceptionOfType(TcpServiceDefinitionException.class)
			.isThrownBy(() -> ConnectionServiceType.of(BadClose.class))
			.withMessageContaining("@OnClose method BadClose.onClose(String)");
	}

	@Test
	void shouldAcceptEveryDocumentedShape() throws Throwable {
		ConnectionServiceType type = ConnectionServiceType.of(AllShapes.class);
		AllShapes service = new AllShapes();
		Object result = type.onBytes(service, "hi".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, null);
		assertThat(result).isInstanceOf(CompletionStage.class);
		assertThat(((CompletionStage<?>) result).toCompletableFuture().join()).isEqualTo("HI");
		assertThat(type.onError(service, new TcpException("boom"), null)).isTrue();
		assertThat(type.onError(service, new IllegalStateException("other"), null)).isFalse();
		type.onClose(service, null);
		assertThat(service.log).hasToString("error:boom;close;");
		assertThat(ConnectionServiceType.of(BufferShape.class)
			.onBytes(new BufferShape(), new byte[] { 1, 2 }, StandardCharsets.UTF_8, null))
			.isEqualTo(ByteBuffer.wrap(new byte[] { 2 }));
	}

	@Test
	void shouldReadEachClassOnce() {
		assertThat(ConnectionServiceType.of(AllShapes.class)).isSameAs(ConnectionServiceType.of(AllShapes.class));
	}

	static class NoConnect {

	}

	static class TwoConnects {

		@OnConnect
		AllShapes a() {
			return new AllShapes();
		}

		@OnConnect
		AllShapes b() {
			return new AllShapes();
		}

	}

	static class BadConnectParameter {

		@OnConnect
		AllShapes connect(String name) {
			return new AllShapes();
		}

	}

	static class VoidConnect {

		@OnConnect
		void connect() {
		}

	}

	static class ConnectsToNoBytes {

		@OnConnect
		NoBytes connect() {
			return new NoBytes();
		}

	}

	static class NoBytes {

		@OnClose
		void onClose() {
		}

	}

	static class TwoBytes {

		@OnBytes
		void a(byte[] data) {
		}

		@OnBytes
		void b(byte[] data) {
		}

	}

	static class IntBytes {

		@OnBytes
		void onBytes(int data) {
		}

	}

	static class TwoPayloads {

		@OnBytes
		void onBytes(byte[] data, String text) {
		}

	}

	static class IntResult {

		@OnBytes
		int onBytes(byte[] data) {
			return 0;
		}

	}

	static class FutureOfInteger {

		@OnBytes
		CompletableFuture<Integer> onBytes(byte[] data) {
			return CompletableFuture.completedFuture(1);
		}

	}

	static class BadError {

		@OnBytes
		void onBytes(byte[] data) {
		}

		@OnError
		void onError(String error) {
		}

	}

	static class BadClose {

		@OnBytes
		void onBytes(byte[] data) {
		}

		@OnClose
		void onClose(String reason) {
		}

	}

	static class AllShapes {

		final StringBuilder log = new StringBuilder();

		@OnBytes
		CompletionStage<String> onBytes(TcpCaller caller, String text) {
			return CompletableFuture.completedFuture(text.toUpperCase());
		}

		@OnError
		void onError(TcpCaller caller, TcpException error) {
			this.log.append("error:").append(error.getMessage()).append(';');
		}

		@OnClose
		void onClose(TcpCaller caller) {
			this.log.append("close;");
		}

	}

	static class BufferShape {

		@OnBytes
		ByteBuffer onBytes(ByteBuffer data) {
			data.get();
			return data.slice();
		}

	}

}
