package dev.tcpstarter.sample;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.tcpstarter.test.LocalTcpPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat over real sockets: rooms are push groups, every member of a room gets its
 * lines (the sender too), commands are answered to the sender only, and a member that
 * does not read delays nobody.
 */
@SampleAppTest
class ChatServiceTests {

	@LocalTcpPort("chat")
	int chatPort;

	@Test
	void shouldGreetWithAGuestNameAndNothingAboutTheServer() {
		try (ChatMember alice = ChatMember.connect(this.chatPort)) {
			assertThat(alice.greeting()).doesNotContain("127.0.0.1", "localhost", String.valueOf(this.chatPort),
					String.valueOf(alice.localPort()));
			// the member is in the lobby, and its own announcement comes back through it
			alice.await("* " + alice.name() + " joined lobby");
			alice.send("/rooms").await("your rooms: lobby; current: lobby");
		}
	}

	@Test
	void shouldKeepRoomsApartAndEchoEachLineToItsSender() {
		String red = room("red");
		String blue = room("blue");
		try (ChatMember alice = member(); ChatMember bob = member(); ChatMember carol = member()) {
			ChatMember.together(red, alice, carol);
			ChatMember.together(blue, bob, carol);

			alice.send("hi red");
			String redLine = "[" + red + "] " + alice.name() + ": hi red";
			assertThat(alice.next()).isEqualTo(redLine);
			assertThat(carol.next()).isEqualTo(redLine);
			// queued before bob's own line if bob were in red: his next line is his own
			bob.send("hi blue");
			String blueLine = "[" + blue + "] " + bob.name() + ": hi blue";
			assertThat(bob.next()).isEqualTo(blueLine);
			assertThat(carol.next()).isEqualTo(blueLine);
			assertThat(alice.send("/rooms").next()).isEqualTo("your rooms: " + red + "; current: " + red);
			assertThat(carol.send("/rooms").next())
				.isEqualTo("your rooms: " + red + ", " + blue + "; current: " + blue);
		}
	}

	@Test
	void shouldRenameLeaveAndAnnounceLeavers() {
		String room = room("green");
		try (ChatMember alice = member(); ChatMember bob = member()) {
			ChatMember.together(room, alice, bob);
			String old = bob.name();
			String nick = "bob-" + ThreadLocalRandom.current().nextInt(1000);
			bob.nick(nick);
			assertThat(bob.next()).isEqualTo("* " + old + " is now " + nick);
			assertThat(alice.next()).isEqualTo("* " + old + " is now " + nick);
			assertThat(bob.send("/nick not a name").next()).startsWith("usage: /nick <name>");

			assertThat(alice.send("/leave").next()).isEqualTo("you left " + room + "; /join <room>");
			assertThat(bob.next()).isEqualTo("* " + alice.name() + " left " + room);
			assertThat(alice.send("hello?").next()).isEqualTo("you are in no room: /join <room> first");
			assertThat(alice.send("/leave " + room).next()).isEqualTo("you are not in " + room);

			alice.join(room);
			bob.await("* " + alice.name() + " joined " + room);
			bob.close();
			assertThat(alice.next()).isEqualTo("* " + nick + " left " + room);
		}
	}

	@Test
	void shouldRefuseBadRoomNamesAndTooManyRooms() {
		try (ChatMember alice = member()) {
			assertThat(alice.send("/join").next()).startsWith("usage: /join <room>");
			assertThat(alice.send("/join room:other").next()).startsWith("usage: /join <room>");
			assertThat(alice.send("/join " + "x".repeat(25)).next()).startsWith("usage: /join <room>");
			String prefix = room("many");
			for (int i = 0; i < ChatService.MAX_ROOMS; i++) {
				alice.join(prefix + i);
			}
			assertThat(alice.send("/join " + prefix + "x").next())
				.isEqualTo("you are in " + ChatService.MAX_ROOMS + " rooms already: /leave one first");
			assertThat(alice.send("/join " + prefix + "0").next()).isEqualTo("you are talking in " + prefix + "0");
			assertThat(alice.send("/shout").next()).startsWith("unknown command; commands: ");
		}
	}

	@Test
	void shouldReplaceControlCharactersBeforeALineReachesOthers() {
		String room = room("ansi");
		try (ChatMember alice = member(); ChatMember bob = member()) {
			ChatMember.together(room, alice, bob);
			// an escape sequence, a right-to-left override, a tab; the emoji stays
			alice.send("clear\u001b[2J\u202eevil\tscreen \uD83D\uDE00");
			assertThat(bob.next()).isEqualTo("[" + room + "] " + alice.name() + ": clear?[2J?evil?screen \uD83D\uDE00");
		}
	}

	@Test
	void shouldAnswerQuotesToTheSenderOnly() {
		String room = room("quotes");
		try (ChatMember alice = member(); ChatMember bob = member()) {
			ChatMember.together(room, alice, bob);
			assertThat(alice.send("/quote ACME").next()).isEqualTo("ACME 12.50");
			assertThat(alice.send("/quote NOPE").next()).isEqualTo("NOPE unknown symbol");
			assertThat(alice.send("/quote").next()).isEqualTo("usage: /quote <symbol>");
			assertThat(alice.send("/quote TWO WORDS").next()).isEqualTo("usage: /quote <symbol>");
			alice.send("after the quotes");
			// the commands were not broadcast: bob's next line is alice's chat line
			assertThat(bob.next()).isEqualTo("[" + room + "] " + alice.name() + ": after the quotes");
		}
	}

	/**
	 * A member that never reads: its socket buffers fill after a few lines, and a write
	 * to it would then block for the listener's write-timeout (60 s in these tests).
	 * Lines to its room are pushed, queued on each member's connection, so the sender and
	 * the other members go on at once. Bound: 20 s for 200 lines (a synchronous design
	 * blocks for 60 s at the first line that does not fit).
	 */
	@Test
	void shouldNotLetAMemberThatNeverReadsDelayTheOthers() throws Exception {
		String room = room("stuck");
		try (ChatMember alice = member(); ChatMember bob = member(); Socket stuck = new Socket()) {
			ChatMember.together(room, alice, bob);
			stuck.setReceiveBufferSize(4096);
			stuck.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.chatPort), 5000);
			OutputStream out = stuck.getOutputStream();
			out.write(("/leave lobby\n/join " + room + "\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			bob.await((line) -> line.matches("\\* guest-[0-9a-f]{4} joined " + room), "stuck joined");

			String filler = "x".repeat(900);
			long start = System.nanoTime();
			for (int i = 0; i < 200; i++) {
				alice.send(i + " " + filler);
			}
			String last = "[" + room + "] " + alice.name() + ": 199 " + filler;
			bob.await(last);
			alice.await(last);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).isLessThan(Duration.ofSeconds(20));
		}
	}

	private ChatMember member() {
		return ChatMember.connect(this.chatPort).leaveLobby();
	}

	private static String room(String name) {
		return name + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
	}

}
