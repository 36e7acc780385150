package dev.tcpstarter.listener.integration;

import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * The executor a listener's Spring Integration factory runs its accept loop and
 * connections on. A connection refused at accept gets no thread at all. It keeps the
 * accept loop alive when no thread can be had for a connection: Spring Integration would
 * let a {@code RejectedExecutionException} (or any exception of a custom executor) close
 * the socket with an error log and leave the connection's session behind, and an
 * {@code OutOfMemoryError} ("unable to create native thread") end the accept thread on a
 * bound port. Here such a connection is closed and counted as
 * {@code rejected{reason=resources}}, and the listener keeps accepting.
 */
final class ConnectionExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(ConnectionExecutor.class);

	private final Executor delegate;

	private final ConnectionTable table;

	private final ListenerContext context;

	ConnectionExecutor(Executor delegate, ConnectionTable table, ListenerContext context) {
		this.delegate = delegate;
		this.table = table;
		this.context = context;
	}

	@Override
	public void execute(Runnable task) {
		ServerConnection accepted = this.table.acceptedLast(task);
		if (accepted != null && this.table.wasRefusedLast()) {
			return;
		}
		try {
			this.delegate.execute(task);
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			if (accepted == null) {
				throw ex;
			}
			this.context.statistics().countRejection(TcpRejectionReason.RESOURCES);
			logger.warn("TCP listener '" + this.context.listenerName() + "' closed connection " + accepted.id()
					+ ": no thread to serve it (" + ex + ")");
			accepted.close(CloseReason.SHUTDOWN);
		}
	}

}
