package dev.tcpstarter.integration;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import com.sun.management.UnixOperatingSystemMXBean;

import dev.tcpstarter.listener.TcpListenerDefinition;

/**
 * The file descriptors of this process: how many it may open (its {@code ulimit -n}, as
 * the JVM raised it at startup), where the JVM tells
 * ({@code com.sun.management.UnixOperatingSystemMXBean}); and a warning when the
 * listeners may hold more connections than that.
 */
final class FileDescriptors {

	private static final Log logger = LogFactory.getLog(FileDescriptors.class);

	// looked up once, at startup: when descriptors run out, nothing new can be opened
	private static final @Nullable UnixOperatingSystemMXBean UNIX = unixBean();

	private final long limit;

	// guarded by this
	private final List<String> listeners = new ArrayList<>();

	// guarded by this
	private long maxConnections;

	// guarded by this
	private boolean warned;

	FileDescriptors(long limit) {
		this.limit = limit;
	}

	/**
	 * Return the file descriptors of this process.
	 */
	static FileDescriptors ofThisProcess() {
		return new FileDescriptors(limit());
	}

	/**
	 * Add a listener's {@code max-connections} to those of the listeners created before;
	 * warn, once, when together they exceed the descriptors the process may open.
	 * @param definition the listener
	 */
	synchronized void listenerCreated(TcpListenerDefinition definition) {
		this.listeners.add("'" + definition.name() + "'");
		this.maxConnections += definition.maxConnections();
		if (this.limit > 0 && this.maxConnections > this.limit && !this.warned) {
			this.warned = true;
			logger.warn(((this.listeners.size() == 1) ? "TCP listener " : "TCP listeners ")
					+ String.join(", ", this.listeners) + " may hold up to " + this.maxConnections
					+ " connections (max-connections" + ((this.listeners.size() == 1) ? "" : " together")
					+ "), but this process may open only " + this.limit + " files (ulimit -n): each connection "
					+ "takes one, and when none is left accepting pauses until connections close. Raise the limit "
					+ "(ulimit -n, systemd LimitNOFILE, docker --ulimit nofile) or lower max-connections");
		}
	}

	/**
	 * Return the descriptors this process may open, or -1 if the JVM does not tell.
	 */
	static long limit() {
		return (UNIX != null) ? UNIX.getMaxFileDescriptorCount() : -1;
	}

	/**
	 * Describe the limit, as {@code " (the process may open 1024 files)"}, or return an
	 * empty string if the JVM does not tell. (The count of open descriptors is not read:
	 * when they have run out, reading it fails.)
	 */
	static String describeLimit() {
		long limit = limit();
		return (limit > 0) ? " (the process may open " + limit + " files)" : "";
	}

	private static @Nullable UnixOperatingSystemMXBean unixBean() {
		try {
			OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
			return (bean instanceof UnixOperatingSystemMXBean unix) ? unix : null;
		}
		catch (LinkageError | RuntimeException ex) {
			// a JVM without the jdk.management module, or an image without JMX
			return null;
		}
	}

}
