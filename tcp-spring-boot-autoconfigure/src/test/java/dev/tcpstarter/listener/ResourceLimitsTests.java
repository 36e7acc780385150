package dev.tcpstarter.listener;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.UnixOperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.support.EchoService;
import dev.tcpstarter.support.TcpContextRunners;
import dev.tcpstarter.test.Framing;
import dev.tcpstarter.test.TcpTestClient;

import static dev.tcpstarter.support.TcpContextRunners.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the process may not have enough of: threads (a JVM that cannot create one throws
 * {@code OutOfMemoryError}) and file descriptors (the listeners may hold more connections
 * than the process may open files).
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceLimitsTests {

	@Test
	void shouldKeepReadingOnNioWhenNoThreadCanBeCreatedForARead() {
		TcpContextRunners.runner()
			.withUserConfiguration(EchoService.class, FailingThreadsConfiguration.class)
			.withPropertyValues("tcp.listeners.main.port=0", "tcp.listeners.main.framing=lf",
					"tcp.listeners.main.transport=nio")
			.run((context) -> {
				FailingThreads threads = context.getBean(FailingThreads.class);
				try (TcpTestClient first = client(context); TcpTestClient second = client(context)) {
					first.send("one").expect("one");
					second.send("one").expect("one");
					threads.failNext();
					// the selector finds no thread for this read, and tries again later
					first.send("two").expect("two");
					second.send("two").expect("two");
					assertThat(threads.failed()).isEqualTo(1);
				}
			});
	}

	@Test
	void shouldWarnWhenTheListenersMayHoldMoreConnectionsThanTheProcessMayOpenFiles(CapturedOutput output) {
		assumeTrue(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean,
				"the JVM tells the file limit");
		long limit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getMaxFileDescriptorCount();
		assumeTrue(limit < Integer.MAX_VALUE / 2, "a file limit below 2^30");
		int each = (int) (limit / 2 + 1);
		TcpContextRunners.runner()
			.withUserConfiguration(TwoListenersService.class)
			.withPropertyValues("tcp.listeners.a.port=0", "tcp.listeners.b.port=0",
					"tcp.listeners.a.max-connections=" + each, "tcp.listeners.b.max-connections=" + each)
			.run((context) -> assertThat(output.getOut()).contains("TCP listeners 'a', 'b' may hold up to "
					+ (2L * each) + " connections (max-connections together), but this process may open only " + limit
					+ " files (ulimit -n)"));
		TcpContextRunners.runner()
			.withUserConfiguration(TwoListenersService.class)
			.withPropertyValues("tcp.listeners.a.port=0", "tcp.listeners.b.port=0",
					"tcp.listeners.a.max-connections=" + (each - 2), "tcp.listeners.b.max-connections=1")
			.run((context) -> assertThat(output.getOut().split("may hold up to", -1)).hasSize(2));
	}

	private static TcpTestClient client(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		return TcpTestClient.connect(port(context, "main")).framing(Framing.LF);
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingThreadsConfiguration {

		@Bean(name = "tcpTaskExecutor", destroyMethod = "shutdown")
		FailingThreads tcpTaskExecutor() {
			return new FailingThreads();
		}

	}

	/**
	 * An executor that, when asked to, fails once as a JVM fails that cannot create a
	 * thread.
	 */
	static final class FailingThreads implements Executor {

		private final ExecutorService delegate = Executors.newCachedThreadPool();

		private final AtomicInteger toFail = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		@Override
		public void execute(Runnable task) {
			if (this.toFail.getAndUpdate((count) -> Math.max(0, count - 1)) > 0) {
				this.failed.incrementAndGet();
				throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource "
						+ "limits reached");
			}
			this.delegate.execute(task);
		}

		void failNext() {
			this.toFail.set(1);
		}

		int failed() {
			return this.failed.get();
		}

		void shutdown() {
			this.delegate.shutdownNow();
		}

	}

	@TcpService(listeners = { "a", "b" })
	static class TwoListenersService {

		@OnConnect
		EchoService.Echo onConnect() {
			return new EchoService.Echo();
		}

	}

}
