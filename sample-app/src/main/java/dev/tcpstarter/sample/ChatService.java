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
 * (writing to other connections' callers).
 */
@TcpService(listeners = "chat")
class ChatService {

	private final Map<String, TcpCaller> members = new ConcurrentHashMap<>();

	@OnConnect
	ChatConnection onConnect(TcpCaller caller) {
		String name = "guest-" + caller.remotePort();
		caller.write("Welcome to the chat, " + name + "! " + this.members.size() + " other(s) here.");
		broadcast(caller, name + " joined");
		this.members.put(caller.id(), caller);
		return new ChatConnection(name);
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
			broadcast(caller, this.name + ": " + line);
		}

		@OnClose
		void onClose(TcpCaller caller) {
			ChatService.this.members.remove(caller.id());
			broadcast(caller, this.name + " left");
		}

	}

}
