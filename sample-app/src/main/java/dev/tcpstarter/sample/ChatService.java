package dev.tcpstarter.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnClose;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

/**
 * A line-framed chat room: greets on connect, sends each line to every other member, and
 * announces members who leave. Shows per-connection state (the nickname) and server push
 * (writing to other connections' callers). The command {@code /quote <symbol>} asks the
 * quote service through the named TCP client {@code quotes} (see {@link QuoteClient}) and
 * answers the sender only, with the service's reply line.
 */
@TcpService(listeners = "chat")
class ChatService {

	private static final String QUOTE_COMMAND = "/quote";

	private final Map<String, TcpCaller> members = new ConcurrentHashMap<>();

	private final QuoteClient quoteClient;

	ChatService(QuoteClient quoteClient) {
		this.quoteClient = quoteClient;
	}

	@OnConnect
	ChatConnection onConnect(TcpCaller caller) {
		String name = "guest-" + caller.remotePort();
		caller.write("Welcome to the chat, " + name + "! " + this.members.size() + " other(s) here.");
		broadcast(caller, name + " joined");
		this.members.put(caller.id(), caller);
		return new ChatConnection(name);
	}

	String quote(String symbol) {
		try {
			return this.quoteClient.quote(symbol);
		}
		catch (IllegalArgumentException ex) {
			return "usage: " + QUOTE_COMMAND + " <symbol>";
		}
		catch (TcpException ex) {
			return "quote service unavailable: " + ex.getMessage();
		}
	}

	void broadcast(TcpCaller from, String line) {
		for (TcpCaller member : this.members.values()) {
			if (member != from) {
				try {
					member.write(line);
				}
				catch (TcpException ex) {
					// that member is leaving; its own @OnClose removes it
				}
			}
		}
	}

	@ConnectionService
	final class ChatConnection {

		private final String name;

		ChatConnection(String name) {
			this.name = name;
		}

		@OnBytes
		void onBytes(String line, TcpCaller caller) {
			if (line.equals(QUOTE_COMMAND) || line.startsWith(QUOTE_COMMAND + " ")) {
				caller.write(quote(line.substring(QUOTE_COMMAND.length())));
			}
			else {
				broadcast(caller, this.name + ": " + line);
			}
		}

		@OnClose
		void onClose(TcpCaller caller) {
			ChatService.this.members.remove(caller.id());
			broadcast(caller, this.name + " left");
		}

	}

}
