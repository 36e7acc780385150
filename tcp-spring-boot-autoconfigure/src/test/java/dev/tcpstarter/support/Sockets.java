package dev.tcpstarter.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Raw sockets for tests that play a misbehaving peer.
 */
public final class Sockets {

	private Sockets() {
	}

	/**
	 * Connect to a loopback port from a given local address (Linux routes all of
	 * 127.0.0.0/8, and ::1, to the loopback interface).
	 * @param localHost the local address to connect from, such as {@code 127.0.0.2}
	 * @param port the port on the same loopback family
	 * @return the connected socket, with a 5 second read timeout
	 */
	public static Socket connectFrom(String localHost, int port) {
		try {
			InetAddress local = InetAddress.getByName(localHost);
			InetAddress remote = local.isLoopbackAddress() && local.getAddress().length == 16
					? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
			Socket socket = new Socket();
			socket.bind(new InetSocketAddress(local, 0));
			socket.connect(new InetSocketAddress(remote, port), 5000);
			socket.setSoTimeout(5000);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return whether the peer has closed the connection: the next read ends the stream or
	 * fails, without data.
	 * @param socket the socket, with a read timeout
	 * @return {@code true} if closed, {@code false} if data arrived
	 * @throws IOException if the read times out
	 */
	public static boolean isClosedByPeer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			return in.read() < 0;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	/**
	 * Read whatever arrives until the peer closes the connection, or a read times out.
	 * @param socket the socket, with a read timeout
	 * @return {@code true} if the peer closed (or reset) the connection, {@code false} if
	 * it stayed open
	 */
	public static boolean readUntilClosed(Socket socket) {
		try {
			InputStream in = socket.getInputStream();
			while (in.read() >= 0) {
				// data sent before the close
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// a reset
			return true;
		}
	}

	/**
	 * Return the number of file descriptors this process has open (Linux only).
	 * @return the count
	 */
	public static long openFileDescriptors() {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Close a socket, ignoring failures.
	 * @param socket the socket
	 */
	public static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed either way
		}
	}

}
