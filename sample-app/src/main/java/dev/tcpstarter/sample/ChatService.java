package dev.tcpstarter.sample;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.push.TcpPush;

/**
 * A line-framed chat whose rooms are push groups, so that it works across instances: with
 * {@code tcp.push.transport=redis}, members connected to different instances of the
 * application share their rooms.
 * <ul>
 * <li>a member gets a guest name and joins the room {@code lobby}; a line that is not a
 * command goes to its current room, as {@code [room] name: text};</li>
 * <li>{@code /join <room>} joins a room (or goes back to one) and makes it the current
 * room; {@code /leave [room]} leaves it (the current room by default); {@code /rooms}
 * lists the member's rooms; {@code /nick <name>} renames it; {@code /help};</li>
 * <li>{@code /quote <symbol>} asks the quote service through the named TCP client
 * {@code quotes} ({@link QuoteClient}) and answers the sender only.</li>
 * </ul>
 * <b>Never blocked by a member.</b> A line is published once with
 * {@link TcpPush#sendToGroup}, which queues it on each member's connection: a member that
 * does not read delays neither the sender nor the others (its queue is bounded, and the
 * starter closes it when it falls too far behind). Writing to every member with
 * {@code TcpCaller.write} instead would block the sender's thread on the slowest member,
 * for up to the listener's {@code write-timeout}.
 * <p>
 * <b>Every member of a room gets every line, the sender included</b>: the sender's own
 * copy confirms that the line went out (through the broker, with {@code redis}; IRCv3's
 * {@code echo-message} does the same). A member's own {@code joined} and {@code is now}
 * lines come back the same way; leaving is answered directly.
 * <p>
 * <b>Safe to copy.</b> Nothing a member sees tells it about the server (the greeting
 * names no host or port, a failing quote service is reported without its address, which
 * goes to the log); room and nick names are short words; control characters in lines
 * (terminal escape sequences) are replaced before they reach other members; the
 * listener's {@code max-frame-size} bounds a line and {@code idle-timeout} a silent
 * member; a member's connection errors (a reset, a line that is too long) are logged at
 * DEBUG by {@code @OnError} ({@link ConnectionErrorLog}), where the starter would log
 * each at WARN. What a production chat adds: authentication (a login, or mutual TLS with
 * {@code ssl.client-auth: need}), unique nicknames (a shared store such as Redis, since
 * several instances hand them out), rate limits per member, and history if members need
 * what was said while they were away (a push is delivered at most once).
 */
@TcpService(listeners = "chat")
class ChatService {

	private static final Log logger = LogFactory.getLog(ChatService.class);

	static final String LOBBY = "lobby";

	static final int MAX_ROOMS = 8;

	static final String HELP = "commands: /join <room>, /leave [room], /rooms, /nick <name>, /quote <symbol>, /help";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,24}");

	private final TcpPush push;

	private final QuoteClient quoteClient;

	// an unavailable quote service or push transport: at most one WARN a minute, however
	// many members ask
	private final OncePerMinuteLog unavailable = new OncePerMinuteLog(logger);

	private final ConnectionErrorLog errors = new ConnectionErrorLog(logger);

	ChatService(TcpPush push, QuoteClient quoteClient) {
		this.push = push;
		this.quoteClient = quoteClient;
	}

	/**
	 * Return the push group of a room.
	 * @param room the room name
	 * @return its group
	 */
	static String group(String room) {
		return "room:" + room;
	}

	@OnConnect
	ChatConnection onConnect(TcpCaller caller) {
		ChatConnection connection = new ChatConnection(
				String.format("guest-%04x", ThreadLocalRandom.current().nextInt(0x10000)));
		caller.write("Welcome to the chat, " + connection.name + "! You are in room " + LOBBY + "; /help lists the "
				+ "commands.");
		connection.join(LOBBY, caller);
		return connection;
	}

	/**
	 * Publish a line to a room, on every instance.
	 * @return {@code false} if the push transport did not take it
	 */
	private boolean publish(String room, String line) {
		try {
			this.push.sendToGroup(group(room), line);
			return true;
		}
		catch (TcpException ex) {
			this.unavailable.warn("Chat line not published to room " + room + ": " + ex.getMessage());
			return false;
		}
	}

	private CompletionStage<String> quote(String symbol) {
		return this.quoteClient.quoteAsync(symbol).exceptionally((ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			// the message names the quote service's address: for the log, not for members
			this.unavailable.warn("Quote service unavailable: " + cause.getMessage());
			return "quote service unavailable, try again later";
		});
	}

	/**
	 * Replace the characters a member's terminal would act on (escape sequences, line
	 * breaks, bidirectional overrides) before a line reaches the others.
	 */
	static String clean(String line) {
		StringBuilder cleaned = new StringBuilder(line.length());
		line.codePoints().forEach((c) -> {
			if (LogText.isUnsafe(c)) {
				cleaned.append('?');
			}
			else {
				cleaned.appendCodePoint(c);
			}
		});
		return cleaned.toString();
	}

	/**
	 * One member. Handler calls of one connection never overlap, so its fields need no
	 * lock.
	 */
	@ConnectionService
	final class ChatConnection {

		private String name;

		// the rooms this member is in, in joining order; the current one is the last
		private final Set<String> rooms = new LinkedHashSet<>();

		private String room;

		ChatConnection(String name) {
			this.name = name;
		}

		/**
		 * Handle a line: a command, answered to the sender only (possibly later, for
		 * {@code /quote}: the starter writes the answer when the future completes, in
		 * order), or a chat line for the current room (nothing to answer: the line comes
		 * back through the room).
		 */
		@OnBytes
		Object onBytes(String line, TcpCaller caller) {
			String text = line.strip();
			if (text.isEmpty()) {
				return null;
			}
			if (!text.startsWith("/")) {
				return say(text);
			}
			int space = text.indexOf(' ');
			String command = (space < 0) ? text : text.substring(0, space);
			String argument = (space < 0) ? "" : text.substring(space + 1).strip();
			return switch (command) {
				case "/join" -> join(argument, caller);
				case "/leave" -> leave(argument.isEmpty() ? this.room : argument, caller);
				case "/rooms" -> this.rooms.isEmpty() ? "you are in no room"
						: "your rooms: " + String.join(", ", this.rooms) + "; current: " + this.room;
				case "/nick" -> nick(argument);
				case "/quote" -> argument.isEmpty() ? "usage: /quote <symbol>" : quoteOrUsage(argument);
				case "/help" -> HELP;
				default -> "unknown command; " + HELP;
			};
		}

		private String say(String text) {
			if (this.room == null) {
				return "you are in no room: /join <room> first";
			}
			return publish(this.room, "[" + this.room + "] " + this.name + ": " + clean(text)) ? null
					: "not sent: the chat is unavailable, try again later";
		}

		String join(String room, TcpCaller caller) {
			if (!NAME.matcher(room).matches()) {
				return "usage: /join <room>, a room name of 1 to 24 letters, digits, '-' or '_'";
			}
			if (this.rooms.remove(room)) {
				// already in it: it becomes the current room again
				this.rooms.add(room);
				this.room = room;
				return "you are talking in " + room;
			}
			if (this.rooms.size() >= MAX_ROOMS) {
				return "you are in " + MAX_ROOMS + " rooms already: /leave one first";
			}
			// joined first, so that the member gets its own announcement on every
			// transport
			caller.join(group(room));
			this.rooms.add(room);
			this.room = room;
			return publish(room, "* " + this.name + " joined " + room) ? null : "you joined " + room;
		}

		private String leave(String room, TcpCaller caller) {
			if (room == null || !this.rooms.remove(room)) {
				return "you are not in " + ((room != null && NAME.matcher(room).matches()) ? room : "that room");
			}
			// left first: the others get the announcement, the member gets the answer
			caller.leave(group(room));
			publish(room, "* " + this.name + " left " + room);
			this.room = null;
			for (String other : this.rooms) {
				this.room = other;
			}
			return "you left " + room + ((this.room != null) ? "; talking in " + this.room : "; /join <room>");
		}

		private String nick(String name) {
			if (!NAME.matcher(name).matches()) {
				return "usage: /nick <name>, 1 to 24 letters, digits, '-' or '_'";
			}
			String old = this.name;
			this.name = name;
			for (String room : this.rooms) {
				publish(room, "* " + old + " is now " + name);
			}
			return this.rooms.isEmpty() ? "you are now " + name : null;
		}

		private Object quoteOrUsage(String symbol) {
			try {
				return quote(symbol);
			}
			catch (IllegalArgumentException ex) {
				return "usage: /quote <symbol>";
			}
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			ChatService.this.errors.log(error, caller);
		}

		@OnClose
		void onClose(TcpCaller caller) {
			// the connection has left its groups already; the others are told
			for (String room : this.rooms) {
				publish(room, "* " + this.name + " left " + room);
			}
		}

	}

}
