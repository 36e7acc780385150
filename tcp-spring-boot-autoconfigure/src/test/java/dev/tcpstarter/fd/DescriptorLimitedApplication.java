package dev.tcpstarter.fd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.event.EventListener;

import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.listener.TcpListenerRegistry;
import dev.tcpstarter.listener.TcpListenerStartedEvent;
import dev.tcpstarter.support.PortFiles;
import dev.tcpstarter.listener.TcpListenerStatistics;
import dev.tcpstarter.listener.TcpRejectionReason;

/**
 * An application run in its own JVM under a low {@code ulimit -n} by
 * {@code DescriptorExhaustionTests}: it echoes each line, answers {@code stats} with its
 * listener's counters, and writes the bound port to the file named by
 * {@code fd.port-file}.
 */
@SpringBootApplication
public class DescriptorLimitedApplication {

	@Value("${fd.port-file}")
	private Path portFile;

	/**
	 * Start the application.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(DescriptorLimitedApplication.class, args);
	}

	@EventListener
	void writePortFile(TcpListenerStartedEvent event) throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			System.out.println("Open file descriptors after startup: " + descriptors.count());
		}
		PortFiles.write(this.portFile, event.getPort());
	}

	@TcpService
	static class EchoOrStatsService {

		private final TcpListenerRegistry registry;

		EchoOrStatsService(TcpListenerRegistry registry) {
			this.registry = registry;
		}

		@OnConnect
		EchoOrStats onConnect() {
			return new EchoOrStats(this.registry);
		}

	}

	@ConnectionService
	static class EchoOrStats {

		private final TcpListenerRegistry registry;

		EchoOrStats(TcpListenerRegistry registry) {
			this.registry = registry;
		}

		@OnBytes
		String onBytes(String line) {
			if (!line.equals("stats")) {
				return line;
			}
			TcpListenerStatistics statistics = this.registry.getServer("main").statistics();
			return "rejected-resources=" + statistics.rejected(TcpRejectionReason.RESOURCES) + " active="
					+ statistics.activeConnections();
		}

	}

}
