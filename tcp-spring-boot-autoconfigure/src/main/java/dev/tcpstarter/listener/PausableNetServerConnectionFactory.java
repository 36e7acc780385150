package dev.tcpstarter.listener;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A {@code TcpNetServerConnectionFactory} that can stop accepting (closing its server
 * socket, so new connections are refused and load balancers see the instance as down)
 * while the connections it accepted keep running, and can bind the same port again later.
 *
 * @author tcp-spring-boot-starter
 */
final class PausableNetServerConnectionFactory extends TcpNetServerConnectionFactory {

	PausableNetServerConnectionFactory(int port) {
		super(port);
	}

	/**
	 * Close the server socket and wait until the accept loop has ended.
	 */
	void pauseAccepting(Duration wait) {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket == null || serverSocket.isClosed()) {
			return;
		}
		try {
			serverSocket.close();
		}
		catch (IOException ex) {
			// closed is what we wanted
		}
		long deadline = System.nanoTime() + wait.toNanos();
		while (isActive() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Bind {@code port} again and accept connections.
	 */
	void resumeAccepting(int port) {
		setPort(port);
		start();
	}

}
