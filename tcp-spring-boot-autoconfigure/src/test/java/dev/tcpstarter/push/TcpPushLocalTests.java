package dev.tcpstarter.push;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.PublishSubscribeChannel;

import dev.tcpstarter.autoconfigure.TcpPushAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TcpPush} on the {@code local} transport, which runs the same envelope
 * and delivery code as the broker transports.
 */
class TcpPushLocalTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TcpPushAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void shouldDeliverToGroupConnectionAndListener() {
		this.runner.run((context) -> {
			TcpPush push = context.getBean(TcpPush.class);
			PushRegistry registry = context.getBean(PushRegistry.class);
			RecordingMember a = new RecordingMember("a", "chat", StandardCharsets.UTF_8);
			RecordingMember b = new RecordingMember("b", "chat", StandardCharsets.UTF_8);
			RecordingMember c = new RecordingMember("c", "devices", StandardCharsets.UTF_8);
			registry.opened(a);
			registry.opened(b);
			registry.opened(c);
			registry.join("room", a);
			registry.join("room", c);
			push.sendToGroup("room", "hello".getBytes());
			assertThat(a.nextText()).isEqualTo("hello");
			assertThat(c.nextText()).isEqualTo("hello");
			assertThat(b.pending()).isZero();
			push.sendToConnection("b", "just b".getBytes());
			assertThat(b.nextText()).isEqualTo("just b");
			push.sendToListener("chat", "all of chat".getBytes());
			assertThat(a.nextText()).isEqualTo("all of chat");
			assertThat(b.nextText()).isEqualTo("all of chat");
			assertThat(c.pending()).isZero();
			push.sendToGroup("nobody", "lost".getBytes());
			push.sendToConnection("gone", "lost".getBytes());
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("tcp.push.published").tag("target", "group").counter().count()).isEqualTo(2);
			assertThat(meters.get("tcp.push.published").tag("target", "connection").counter().count()).isEqualTo(2);
			assertThat(meters.get("tcp.push.published").tag("target", "listener").counter().count()).isEqualTo(1);
			assertThat(meters.get("tcp.push.delivered").counter().count()).isEqualTo(5);
			assertThat(meters.get("tcp.push.delivery").tag("origin", "local").timer().count()).isEqualTo(3);
			assertThat(push.status().up()).isTrue();
			assertThat(push.status().transport()).isEqualTo("local");
		});
	}

	@Test
	void shouldEncodeTextWithEachListenersCharset() {
		this.runner.run((context) -> {
			TcpPush push = context.getBean(TcpPush.class);
			PushRegistry registry = context.getBean(PushRegistry.class);
			Charset latin1 = StandardCharsets.ISO_8859_1;
			RecordingMember utf8 = new RecordingMember("u", "a", StandardCharsets.UTF_8);
			RecordingMember iso = new RecordingMember("i", "b", latin1);
			RecordingMember iso2 = new RecordingMember("j", "b", latin1);
			registry.opened(utf8);
			registry.opened(iso);
			registry.opened(iso2);
			for (PushMember member : new PushMember[] { utf8, iso, iso2 }) {
				registry.join("all", member);
			}
			push.sendToGroup("all", "café");
			assertThat(utf8.next()).containsExactly("café".getBytes(StandardCharsets.UTF_8));
			assertThat(iso.next()).containsExactly("café".getBytes(latin1));
			assertThat(iso2.next()).containsExactly("café".getBytes(latin1));
		});
	}

	@Test
	void shouldRefuseBadInputNamingTheArgument() {
		this.runner.withPropertyValues("tcp.push.max-frame-size=16B").run((context) -> {
			TcpPush push = context.getBean(TcpPush.class);
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("", "x".getBytes()))
				.withMessageContaining("'group'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup(null, "x".getBytes()))
				.withMessageContaining("'group'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("g", (byte[]) null))
				.withMessageContaining("'frame'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("g", new byte[0]))
				.withMessageContaining("'frame'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("g", ""))
				.withMessageContaining("'text'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("g", (String) null))
				.withMessageContaining("'text'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToConnection("", "x".getBytes()))
				.withMessageContaining("'connectionId'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToListener(null, "x".getBytes()))
				.withMessageContaining("'listenerName'");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("g", new byte[17]))
				.withMessageContaining("'frame'")
				.withMessageContaining("tcp.push.max-frame-size");
			assertThatIllegalArgumentException().isThrownBy(() -> push.sendToGroup("g".repeat(70_000), "x"))
				.withMessageContaining("more than the 65535 allowed");
		});
	}

	@Test
	void shouldSkipAConnectionThatRefusesItsFrame() {
		this.runner.run((context) -> {
			TcpPush push = context.getBean(TcpPush.class);
			PushRegistry registry = context.getBean(PushRegistry.class);
			AtomicInteger refused = new AtomicInteger();
			RecordingMember before = new RecordingMember("before");
			PushMember broken = new RecordingMember("broken") {

				@Override
				public void send(byte[] frame) {
					refused.incrementAndGet();
					throw new IllegalStateException("closed");
				}

			};
			RecordingMember after = new RecordingMember("after");
			for (PushMember member : new PushMember[] { before, broken, after }) {
				registry.opened(member);
				registry.join("room", member);
			}
			push.sendToGroup("room", "x".getBytes());
			assertThat(before.nextText()).isEqualTo("x");
			assertThat(after.nextText()).isEqualTo("x");
			assertThat(refused).hasValue(1);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("tcp.push.failed").tag("reason", "connection").counter().count()).isOne();
			assertThat(meters.get("tcp.push.delivered").counter().count()).isEqualTo(2);
		});
	}

	@Test
	void shouldIgnoreAndCountMessagesThatAreNotEnvelopes() {
		this.runner.run((context) -> {
			PublishSubscribeChannel channel = context.getBean("tcpPushChannel", PublishSubscribeChannel.class);
			channel.send(new org.springframework.messaging.support.GenericMessage<>("not bytes"));
			channel.send(new org.springframework.messaging.support.GenericMessage<>("garbage".getBytes()));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("tcp.push.failed").tag("reason", "malformed").counter().count()).isEqualTo(2);
		});
	}

}
