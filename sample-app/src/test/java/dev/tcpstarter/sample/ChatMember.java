package dev.tcpstarter.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

/**
 * A member of the sample's chat, over a real socket: reads its greeting on connect and
 * knows its guest name. Since the tests share one application, a member may see lines of
 * others in the lobby: {@link #await} skips them, and {@link #leaveLobby} ends them.
 */
final class ChatMember implements AutoCloseable {

	private static final Pattern GREETING = Pattern
		.compile("Welcome to the chat, (guest-[0-9a-f]{4})! You are in room lobby; /help lists the commands\\.");

	private static final int MAX_SKIPPED = 1000;

	private final TcpTestClient client;

	private final String greeting;

	private String name;

	private ChatMember(TcpTestClient client) {
		this.client = client;
		this.greeting = client.expectString();
		Matcher matcher = GREETING.matcher(this.greeting);
		if (!matcher.matches()) {
			throw new AssertionError("Unexpected greeting: " + this.greeting);
		}
		this.name = matcher.group(1);
	}

	static ChatMember connect(int port) {
		return connect("localhost", port);
	}

	static ChatMember connect(String host, int port) {
		return new ChatMember(TcpTestClient.connect(host, port).framing(Framing.LF));
	}

	String greeting() {
		return this.greeting;
	}

	String name() {
		return this.name;
	}

	int localPort() {
		return this.client.getLocalPort();
	}

	ChatMember send(String line) {
		this.client.send(line);
		return this;
	}

	/**
	 * Join a room and wait for the member's own announcement in it.
	 */
	ChatMember join(String room) {
		send("/join " + room);
		await("* " + this.name + " joined " + room);
		return this;
	}

	/**
	 * Put members in a room, one after the other: each waits for its own announcement,
	 * and those already in the room for that of each newcomer, so that afterwards no
	 * announcement is left to read.
	 */
	static void together(String room, ChatMember... members) {
		for (int i = 0; i < members.length; i++) {
			members[i].join(room);
			for (int j = 0; j < i; j++) {
				members[j].await("* " + members[i].name() + " joined " + room);
			}
		}
	}

	/**
	 * Rename the member; its rooms get {@code * <old> is now <name>}.
	 */
	ChatMember nick(String name) {
		send("/nick " + name);
		this.name = name;
		return this;
	}

	/**
	 * Read lines until one equals {@code expected}.
	 * @return the lines skipped on the way
	 */
	List<String> await(String expected) {
		return await(expected::equals, shorten(expected));
	}

	/**
	 * Read lines until one matches.
	 * @return the lines skipped on the way
	 */
	List<String> await(Predicate<String> condition, String description) {
		List<String> skipped = new ArrayList<>();
		while (skipped.size() < MAX_SKIPPED) {
			String line;
			try {
				line = this.client.expectString();
			}
			catch (AssertionError ex) {
				throw new AssertionError("No line " + description + " for " + this.name + " (skipped " + skipped.size()
						+ " lines" + (skipped.isEmpty() ? "" : ", the last " + shorten(skipped.get(skipped.size() - 1)))
						+ ")", ex);
			}
			if (condition.test(line)) {
				return skipped;
			}
			skipped.add(line);
		}
		throw new AssertionError("No line " + description + " for " + this.name + " in " + MAX_SKIPPED + " lines");
	}

	private static String shorten(String line) {
		return (line.length() <= 100) ? line : line.substring(0, 100) + "...";
	}

	/**
	 * Leave the lobby, so that no line of the other tests reaches this member any more.
	 */
	ChatMember leaveLobby() {
		send("/leave lobby");
		await("you left lobby; /join <room>");
		return this;
	}

	/**
	 * Read the next line.
	 */
	String next() {
		return this.client.expectString();
	}

	@Override
	public void close() {
		this.client.close();
	}

}
