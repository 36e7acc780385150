package dev.tcpstarter.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.LogFactory;

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
 * The futures complete on the JDK's common pool, as many asynchronous clients complete
 * theirs on their own threads; the starter writes each answer from the connection, never
 * on the completing thread, so a client that does not read cannot block that pool.
 */
@TcpService(listeners = "slow")
class SlowService {

	private static final ConnectionErrorLog errors = new ConnectionErrorLog(LogFactory.getLog(SlowService.class));

	private final Executor delayed;

	SlowService(@Value("${sample.slow.delay:1s}") Duration delay) {
		this.delayed = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@OnConnect
	SlowConnection onConnect() {
		return new SlowConnection();
	}

	@ConnectionService
	final class SlowConnection {

		@OnBytes
		CompletableFuture<String> onBytes(String line) {
			return CompletableFuture.supplyAsync(() -> "done " + line, SlowService.this.delayed);
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			errors.log(error, caller);
		}

	}

}
