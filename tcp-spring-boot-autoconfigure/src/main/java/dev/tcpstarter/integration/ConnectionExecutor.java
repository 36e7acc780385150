package dev.tcpstarter.integration;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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
 * <p>
 * For other tasks (on {@code nio}: a read, an assembler, {@code @OnConnect}) an
 * {@code OutOfMemoryError} becomes a {@code RejectedExecutionException}, which Spring
 * Integration handles by retrying the read a little later: thrown as an error on the
 * selector thread, it would end the selector loop, and every read of the listener with
 * it.
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
		catch (OutOfMemoryError ex) {
			if (accepted == null) {
				logger.debug("TCP listener '" + this.context.listenerName() + "' found no thread for a task: " + ex);
				throw new RejectedExecutionException("No thread could be created", ex);
			}
			refuse(accepted, ex);
		}
		catch (RuntimeException ex) {
			if (accepted == null) {
				throw ex;
			}
			refuse(accepted, ex);
		}
	}

	private void refuse(ServerConnection accepted, Throwable ex) {
		this.context.statistics().countRejection(TcpRejectionReason.RESOURCES);
		logger.warn("TCP listener '" + this.context.listenerName() + "' closed connection " + accepted.id()
				+ ": no thread to serve it (" + ex + ")");
		accepted.close(CloseReason.SHUTDOWN);
	}

}
