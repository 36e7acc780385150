package dev.tcpstarter.test;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for the JUnit Jupiter callbacks of {@link MockTcpServer}.
 */
class MockTcpServerLifecycleTests {

	private final ExtensionContext context = mock(ExtensionContext.class);

	private final MockTcpServer server = MockTcpServer.create();

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	@Test
	void shouldStayRunningBetweenTestsWhenRegisteredStatically() {
		this.server.beforeAll(this.context);
		this.server.expect("PING").thenReply("PONG");
		this.server.beforeEach(this.context);
		assertThat(this.server.scriptFor("PING".getBytes(StandardCharsets.UTF_8))).isNull();
		this.server.afterEach(this.context);
		assertThat(this.server.isRunning()).isTrue();
		this.server.afterAll(this.context);
		assertThat(this.server.isRunning()).isFalse();
	}

	@Test
	void shouldStopOnlyAfterOutermostClassWhenRegisteredStatically() {
		this.server.beforeAll(this.context);
		this.server.beforeAll(this.context);
		this.server.afterAll(this.context);
		assertThat(this.server.isRunning()).isTrue();
		this.server.afterAll(this.context);
		assertThat(this.server.isRunning()).isFalse();
	}

	@Test
	void shouldStartAndStopForEachTestWhenRegisteredOnInstanceField() {
		this.server.beforeEach(this.context);
		assertThat(this.server.isRunning()).isTrue();
		this.server.afterEach(this.context);
		assertThat(this.server.isRunning()).isFalse();
		this.server.beforeEach(this.context);
		assertThat(this.server.isRunning()).isTrue();
	}

}
