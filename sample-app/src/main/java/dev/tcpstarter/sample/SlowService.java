package dev.tcpstarter.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * A demo of the bound on asynchronous results: each line is answered {@code done <line>}
 * by a future that completes {@code sample.slow.delay} later (1 s by default), as a call
 * to a slow remote service would.
 * <p>
 * A client may pipeline lines without waiting for answers; the answers come back in
 * order. The listener's {@code max-pending-results} (32 in {@code application.yml})
 * bounds what one connection can make the server hold: with 32 answers pending, the
 * connection stops reading until the oldest one is written, so further lines wait in the
 * socket buffers (TCP flow control then slows the client down), not in the heap. A peer
 * pipelining as fast as it can gets 32 answers a second and costs the server 32 pending
 * futures; without the bound it would cost a future per line it manages to send. The
 * hostile-peer scenario's "pipelined slow futures" attack runs against this listener
 * ({@code docs/hostile-peers.md}).
 * <p>
 * The futures are completed by one scheduler thread of this service, as an asynchronous
 * client completes them on its own threads; the starter writes each answer from the
 * connection, never on the completing thread, so a client that does not read cannot block
 * the scheduler. Not {@code CompletableFuture.delayedExecutor(..)} or
 * {@code supplyAsync(..)} without an executor: where the common pool has a parallelism of
 * 1 (two CPUs or fewer), they start a new thread for every task.
 */
@TcpService(listeners = "slow")
class SlowService implements DisposableBean {

	private static final ConnectionErrorLog errors = new ConnectionErrorLog(LogFactory.getLog(SlowService.class));

	private final long delayNanos;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "slow-service");
		thread.setDaemon(true);
		return thread;
	});

	SlowService(@Value("${sample.slow.delay:1s}") Duration delay) {
		this.delayNanos = delay.toNanos();
	}

	@OnConnect
	SlowConnection onConnect() {
		return new SlowConnection();
	}

	@Override
	public void destroy() {
		// after the listeners have stopped: answers still pending are not written anyway
		this.scheduler.shutdownNow();
	}

	@ConnectionService
	final class SlowConnection {

		@OnBytes
		CompletableFuture<String> onBytes(String line) {
			CompletableFuture<String> answer = new CompletableFuture<>();
			SlowService.this.scheduler.schedule(() -> answer.complete("done " + line), SlowService.this.delayNanos,
					TimeUnit.NANOSECONDS);
			return answer;
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			errors.log(error, caller);
		}

	}

}
