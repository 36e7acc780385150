package dev.tcpstarter.test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One connection accepted by a {@link MockTcpServer}: reads frames on its own thread,
 * records them and runs the scripts that match.
 */
final class MockConnection implements Runnable {

	private static final Log logger = LogFactory.getLog(MockConnection.class);

	private final MockTcpServer server;

	private final Socket socket;

	private final int generation;

	private final CountDownLatch closed = new CountDownLatch(1);

	MockConnection(MockTcpServer server, Socket socket, int generation) {
		this.server = server;
		this.socket = socket;
		this.generation = generation;
	}

	@Override
	public void run() {
		try {
			for (MockTcpScript script : this.server.connectScripts()) {
				script.run(this);
			}
			FrameReader reader = new FrameReader(this.socket.getInputStream());
			while (isOpen()) {
				byte[] frame = reader.readFrame(this.server.currentFraming());
				if (frame == null) {
					break;
				}
				this.server.record(this.generation, frame);
				MockTcpScript script = this.server.scriptFor(frame);
				if (script != null) {
					script.run(this);
				}
			}
		}
		catch (IOException ex) {
			if (isOpen()) {
				logger.debug("Mock TCP connection from " + this.socket.getRemoteSocketAddress() + " failed", ex);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Mock TCP script failed on connection from " + this.socket.getRemoteSocketAddress(), ex);
		}
		finally {
			close();
			this.server.connectionEnded(this);
		}
	}

	byte[] encode(byte[] payload) {
		return this.server.currentFraming().encode(payload);
	}

	void reply(byte[] payload) throws IOException {
		write(encode(payload));
	}

	void write(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
	}

	void delay(Duration delay) throws IOException {
		try {
			this.closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted during a scripted delay");
		}
	}

	boolean isOpen() {
		return this.closed.getCount() > 0;
	}

	void reset() throws IOException {
		if (isOpen()) {
			this.socket.setSoLinger(true, 0);
		}
		close();
	}

	void close() {
		this.closed.countDown();
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close mock TCP connection", ex);
		}
	}

}
