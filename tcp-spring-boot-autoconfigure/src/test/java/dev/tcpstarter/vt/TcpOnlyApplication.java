package dev.tcpstarter.vt;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.event.EventListener;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;
import dev.tcpstarter.listener.TcpListenerStartedEvent;
import dev.tcpstarter.support.PortFiles;

/**
 * An application whose only server is a TCP listener, run in its own JVM by
 * {@code VirtualThreadingKeepAliveTests}: it answers each line with the line and the
 * thread that handled it, and writes the bound port to the file named by
 * {@code vt.port-file}.
 */
@SpringBootApplication
public class TcpOnlyApplication {

	@Value("${vt.port-file}")
	private Path portFile;

	/**
	 * Start the application.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(TcpOnlyApplication.class, args);
	}

	@EventListener
	void writePortFile(TcpListenerStartedEvent event) {
		PortFiles.write(this.portFile, event.getPort());
	}

	@TcpService
	static class ThreadEchoService {

		@OnConnect
		ThreadEcho onConnect() {
			return new ThreadEcho();
		}

	}

	@ConnectionService
	static class ThreadEcho {

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			return line + " on " + Thread.currentThread();
		}

	}

}
