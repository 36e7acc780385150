package dev.tcpstarter.integration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server socket whose {@link #accept()} outlives a shortage of file descriptors or
 * memory: Spring Integration's accept loop ends at the first {@code IOException} of
 * {@code accept()} (and on JDK 17, where that is a plain {@code IOException}, stops the
 * factory, closing every open connection). Here an accept that fails while the socket is
 * open is retried after a back-off (see {@link AcceptFailures}); closing the socket ends
 * the back-off at once, and the accept then fails as Spring Integration expects.
 */
final class ResilientServerSocket extends ServerSocket {

	private final AcceptFailures failures;

	// wakes a back-off when the socket is closed; a lock, not a monitor, so that a
	// virtual
	// accept thread does not pin its carrier while it waits
	private final ReentrantLock lock = new ReentrantLock();

	private final Condition closed = this.lock.newCondition();

	ResilientServerSocket(AcceptFailures failures) throws IOException {
		this.failures = failures;
	}

	@Override
	public Socket accept() throws IOException {
		while (true) {
			try {
				Socket socket = super.accept();
				this.failures.accepted();
				return socket;
			}
			catch (SocketTimeoutException ex) {
				// an SO_TIMEOUT a customizer set: Spring Integration accepts again
				throw ex;
			}
			catch (IOException ex) {
				if (isClosed()) {
					throw ex;
				}
				backOff(this.failures.failed(ex), ex);
			}
		}
	}

	private void backOff(long millis, IOException failure) throws IOException {
		this.lock.lock();
		try {
			if (!isClosed()) {
				this.closed.await(millis, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			this.lock.lock();
			try {
				this.closed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

}
