package dev.tcpstarter.push;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Publishes this instance's heartbeat on the push channel at a fixed delay, on a thread
 * of its own: a publish may wait up to {@code tcp.push.send-timeout} for a broker that is
 * gone, and must delay nothing else. While publishing fails the heartbeat is what probes
 * the broker and reopens publishing when it is back.
 */
final class PushHeartbeat {

	private static final Log logger = LogFactory.getLog(PushHeartbeat.class);

	private final Runnable publish;

	private final Duration interval;

	// guarded by this
	private @Nullable ScheduledExecutorService scheduler;

	PushHeartbeat(Runnable publish, Duration interval) {
		this.publish = publish;
		this.interval = interval;
	}

	synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tcp-push-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		scheduler.scheduleWithFixedDelay(this::beat, 0, millis, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	synchronized void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	private void beat() {
		try {
			this.publish.run();
		}
		catch (RuntimeException ex) {
			// the link logged the transition and the status reports it
			if (logger.isDebugEnabled()) {
				logger.debug("Push heartbeat not published: " + ex);
			}
		}
	}

}
