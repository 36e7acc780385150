package dev.tcpstarter.push;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PushRegistry}: groups on connections, and nothing kept for a closed
 * connection.
 */
class PushRegistryTests {

	private final PushRegistry registry = new PushRegistry();

	@Test
	void shouldKeepGroupsPerConnectionAndMembersPerGroup() {
		RecordingMember a = open("a");
		RecordingMember b = open("b");
		assertThat(this.registry.join("room", a)).isTrue();
		assertThat(this.registry.join("room", b)).isTrue();
		assertThat(this.registry.join("device:1", a)).isTrue();
		assertThat(this.registry.join("room", a)).as("joining twice").isTrue();
		assertThat(this.registry.group("room")).containsExactly(a, b);
		assertThat(this.registry.groups(a)).containsExactly("room", "device:1");
		assertThat(this.registry.leave("room", a)).isTrue();
		assertThat(this.registry.leave("room", a)).as("leaving twice").isFalse();
		assertThat(this.registry.group("room")).containsExactly(b);
		assertThat(this.registry.groups(a)).containsExactly("device:1");
		assertThat(this.registry.connection("a")).isSameAs(a);
		assertThat(this.registry.listener("main")).containsExactlyInAnyOrder(a, b);
	}

	@Test
	void shouldLeaveEveryGroupOnClose() {
		RecordingMember a = open("a");
		RecordingMember b = open("b");
		this.registry.join("room", a);
		this.registry.join("room", b);
		this.registry.join("solo", a);
		this.registry.closed(a);
		assertThat(this.registry.group("room")).containsExactly(b);
		assertThat(this.registry.group("solo")).isEmpty();
		assertThat(this.registry.groupCount()).isOne();
		assertThat(this.registry.connection("a")).isNull();
		assertThat(this.registry.listener("main")).containsExactly(b);
		assertThat(this.registry.groups(a)).isEmpty();
		assertThat(this.registry.join("room", a)).as("join after close").isFalse();
		assertThat(this.registry.group("room")).containsExactly(b);
	}

	@Test
	void shouldRefuseEmptyGroupNamesAndDuplicateIds() {
		RecordingMember a = open("a");
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.join("", a))
			.withMessageContaining("'group'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.join(null, a))
			.withMessageContaining("'group'")
			.withMessageContaining("null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.leave("", a))
			.withMessageContaining("'group'");
		assertThatIllegalStateException().isThrownBy(() -> this.registry.opened(new RecordingMember("a")))
			.withMessageContaining("'a'");
	}

	@Test
	void shouldIgnoreMembersThatAreNotRegistered() {
		RecordingMember stranger = new RecordingMember("x");
		assertThat(this.registry.join("room", stranger)).isFalse();
		assertThat(this.registry.leave("room", stranger)).isFalse();
		assertThat(this.registry.groups(stranger)).isEmpty();
		this.registry.closed(stranger);
		RecordingMember a = open("a");
		this.registry.closed(new RecordingMember("a"));
		assertThat(this.registry.connection("a")).as("another object with the same id does not close it").isSameAs(a);
	}

	@Test
	void shouldBeBackToBaselineAfter100000ConnectJoinCloseCycles() {
		RecordingMember resident = open("resident");
		this.registry.join("lobby", resident);
		for (int i = 0; i < 100_000; i++) {
			RecordingMember member = new RecordingMember("c" + i);
			this.registry.opened(member);
			this.registry.join("lobby", member);
			this.registry.join("device:" + i, member);
			if (i % 2 == 0) {
				this.registry.leave("lobby", member);
			}
			this.registry.closed(member);
		}
		assertThat(this.registry.connectionCount()).isOne();
		assertThat(this.registry.groupCount()).isOne();
		assertThat(this.registry.group("lobby")).containsExactly(resident);
		assertThat(this.registry.listenerMemberCount()).isOne();
	}

	@Test
	void shouldLeaveNothingBehindWhenJoinsRaceCloses() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 200; round++) {
				List<RecordingMember> members = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					members.add(open("r" + round + "-" + i));
				}
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> tasks = new ArrayList<>();
				tasks.add(threads.submit(() -> {
					start.await();
					members.forEach((member) -> this.registry.join("room", member));
					return null;
				}));
				tasks.add(threads.submit(() -> {
					start.await();
					members.forEach((member) -> this.registry.join("member:" + member.id(), member));
					return null;
				}));
				tasks.add(threads.submit(() -> {
					start.await();
					members.forEach(this.registry::closed);
					return null;
				}));
				start.countDown();
				for (Future<?> task : tasks) {
					task.get(30, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.registry.connectionCount()).isZero();
		assertThat(this.registry.groupCount()).isZero();
		assertThat(this.registry.listenerMemberCount()).isZero();
	}

	private RecordingMember open(String id) {
		RecordingMember member = new RecordingMember(id);
		this.registry.opened(member);
		return member;
	}

}
