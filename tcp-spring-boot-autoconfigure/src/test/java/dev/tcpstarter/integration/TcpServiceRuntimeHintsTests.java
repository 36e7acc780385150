package dev.tcpstarter.integration;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints that AOT processing contributes for the handler methods of TCP
 * services, through {@code META-INF/spring/aot.factories} as a Spring Boot build runs it.
 */
class TcpServiceRuntimeHintsTests {

	@Test
	void shouldRegisterOnConnectAndTheHandlersOfTheConnectionServiceItDeclares() {
		RuntimeHints hints = processAheadOfTime(false, TypedService.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TypedService.class, "onConnect"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TypedConnection.class, "onBytes"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TypedConnection.class, "onClose"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TypedConnection.class, "onError"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TypedConnection.class, "helper"))
			.rejects(hints);
	}

	@Test
	void shouldRegisterTheConnectionServicesOfTheApplicationPackagesForOnConnectReturningObject() {
		RuntimeHints hints = processAheadOfTime(true, UntypedService.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(UntypedService.class, "onConnect"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LineConnection.class, "onBytes"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LineConnection.class, "onClose"))
			.accepts(hints);
		assertThat(
				RuntimeHintsPredicates.reflection().onMethodInvocation(UntypedService.InnerConnection.class, "onBytes"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AsyncConnection.class, "onBytes"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AsyncConnection.class, "onError"))
			.accepts(hints);
	}

	@Test
	void shouldRegisterTheHandlersOfAClientService() {
		RuntimeHints hints = processAheadOfTime(false, FeedService.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FeedService.class, "onConnect"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FeedService.Prices.class, "onBytes"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FeedService.Prices.class, "onClose"))
			.accepts(hints);
	}

	@Test
	void shouldScanForConnectionServicesOnlyInTheAutoConfigurationPackages() {
		RuntimeHints hints = processAheadOfTime(false, UntypedService.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(UntypedService.class, "onConnect"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(LineConnection.class)).rejects(hints);
	}

	@Test
	void shouldRegisterNothingForClassesThatAreNoHandlers() {
		RuntimeHints hints = processAheadOfTime(true, UntypedService.class, NotATcpService.class);
		assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NotATcpService.class, "onConnect"))
			.rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TypedConnection.class)).rejects(hints);
	}

	@Test
	void shouldContributeNothingWithoutTcpServicesOrApplicationPackages() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(NotATcpService.class));
		assertThat(new TcpServiceBeanFactoryInitializationAotProcessor().processAheadOfTime(beanFactory)).isNull();
	}

	@Test
	void shouldNeedNoProxyHintForTheMergedTcpServiceAnnotation() {
		// @TcpService is synthesized (it aliases @Component), as
		// the proxy class the JDK uses for its own @TcpService
		// instances, which native images include without a hint
		TcpService merged = AnnotatedElementUtils.findMergedAnnotation(TypedService.class, TcpService.class);
		TcpService declared = TypedService.class.getAnnotation(TcpService.class);
		assertThat(merged).isNotNull();
		assertThat(Proxy.isProxyClass(merged.getClass())).isTrue();
		assertThat(merged.getClass()).isSameAs(declared.getClass());
	}

	private static RuntimeHints processAheadOfTime(boolean applicationPackages, Class<?>... beanClasses) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			for (Class<?> beanClass : beanClasses) {
				context.registerBeanDefinition(beanClass.getSimpleName(), new RootBeanDefinition(beanClass));
			}
			if (applicationPackages) {
				AutoConfigurationPackages.register(context, TcpServiceRuntimeHintsTests.class.getPackageName());
			}
			TestGenerationContext generationContext = new TestGenerationContext();
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			return generationContext.getRuntimeHints();
		}
	}

	@TcpService(port = "0")
	static class TypedService {

		@OnConnect
		TypedConnection onConnect(TcpCaller caller) {
			return new TypedConnection();
		}

	}

	// not annotated: found through the declared return type of @OnConnect only
	static class TypedConnection {

		@OnBytes
		byte[] onBytes(byte[] data) {
			return data;
		}

		@OnClose
		void onClose() {
		}

		@OnError
		void onError(TcpException error) {
		}

		void helper() {
		}

	}

	@TcpService(port = "0")
	static class UntypedService {

		@OnConnect
		Object onConnect(TcpCaller caller) {
			return (caller.localPort() % 2 == 0) ? new LineConnection() : new InnerConnection();
		}

		@ConnectionService
		class InnerConnection {

			@OnBytes
			String onBytes(String line) {
				return line;
			}

		}

	}

	@ConnectionService
	static class LineConnection {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			return line;
		}

		@OnClose
		void onClose(TcpCaller caller) {
		}

	}

	@ConnectionService
	abstract static class AsyncConnection {

		@OnBytes
		CompletionStage<String> onBytes(String line) {
			return CompletableFuture.completedFuture(line);
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
		}

	}

	// an @OnConnect method outside a @TcpService bean is never called
	static class NotATcpService {

		@OnConnect
		TypedConnection onConnect() {
			return new TypedConnection();
		}

	}

	// neither a @ConnectionService nor returned by an @OnConnect method
	static class Unrelated {

		@OnBytes
		byte[] onBytes(byte[] data) {
			return data;
		}

	}

	@TcpService(clients = "feed")
	static class FeedService {

		@OnConnect
		Prices onConnect(TcpCaller caller) {
			caller.write("SUBSCRIBE");
			return new Prices();
		}

		static class Prices {

			@OnBytes
			void onBytes(String price) {
			}

			@OnClose
			void onClose() {
			}

		}

	}

}
