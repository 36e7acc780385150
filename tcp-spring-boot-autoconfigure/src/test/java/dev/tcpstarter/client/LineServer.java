package dev.tcpstarter.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line server for client tests whose answers the test decides, per line, on the
 * connection's own thread: it may answer at once, later from another thread, never, or
 * out of order. It can be stopped and started again on the same port, to play a server
 * that goes away and comes back.
 */
final class LineServer implements AutoCloseable {

	private final Handler handler;

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile ServerSocket socket;

	private int port;

	private LineServer(Handler handler) {
		this.handler = handler;
	}

	/**
	 * Start a server on a free loopback port.
	 * @param handler decides what to do with each line
	 * @return the running server
	 */
	static LineServer start(Handler handler) {
		LineServer server = new LineServer(handler);
		server.bind(0);
		return server;
	}

	/**
	 * A server that answers every line with the line itself.
	 * @return the running server
	 */
	static LineServer echo() {
		return start((connection, line) -> connection.write(line));
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the connections accepted so far, including closed ones.
	 */
	int acceptedCount() {
		return this.accepted.get();
	}

	List<Connection> connections() {
		return this.connections;
	}

	/**
	 * Stop accepting and close every connection; the port is free until
	 * {@link #restart()}.
	 */
	synchronized void stop() {
		closeQuietly(this.socket);
		this.connections.forEach(Connection::close);
	}

	/**
	 * Listen again on the same port.
	 */
	synchronized void restart() {
		bind(this.port);
	}

	private void bind(int port) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
			this.socket = server;
			this.port = server.getLocalPort();
			Thread acceptor = new Thread(() -> accept(server), "line-server-accept");
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			try {
				Socket accepted = server.accept();
				Connection connection = new Connection(accepted, this.accepted.incrementAndGet());
				this.connections.add(connection);
				Thread reader = new Thread(() -> connection.serve(this.handler), "line-server-" + connection.index);
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			if (closeable != null) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			// closing is all we wanted
		}
	}

	/**
	 * What the server does with a line.
	 */
	@FunctionalInterface
	interface Handler {

		void onLine(Connection connection, String line) throws Exception;

	}

	/**
	 * One accepted connection.
	 */
	static final class Connection {

		private final Socket socket;

		private final int index;

		private final OutputStream out;

		Connection(Socket socket, int index) throws IOException {
			this.socket = socket;
			this.index = index;
			this.out = socket.getOutputStream();
		}

		/**
		 * Return the number of this connection: 1 for the first accepted.
		 */
		int index() {
			return this.index;
		}

		/**
		 * Write one line; a failure (the client has gone) is ignored.
		 * @param line the line, without its line feed
		 */
		synchronized void write(String line) {
			try {
				this.out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				this.out.flush();
			}
			catch (IOException ex) {
				// the client closed the connection
			}
		}

		void close() {
			closeQuietly(this.socket);
		}

		boolean isClosed() {
			return this.socket.isClosed();
		}

		private void serve(Handler handler) {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					handler.onLine(this, line);
				}
			}
			catch (Exception ex) {
				// the connection ended
			}
			finally {
				close();
			}
		}

	}

}
