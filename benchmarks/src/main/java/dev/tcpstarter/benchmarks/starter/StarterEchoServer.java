package dev.tcpstarter.benchmarks.starter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.tcpstarter.benchmarks.echo.EchoFraming;

/**
 * The 4-byte length-prefix echo server on the starter:
 * {@code starter-echo <port> [net|nio]}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(EchoService.class)
public class StarterEchoServer {

	public static void main(String[] args) {
		String port = args[0];
		String transport = args.length > 1 ? args[1] : "net";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("tcp.listeners.echo.port", port);
		properties.put("tcp.listeners.echo.host", "127.0.0.1");
		properties.put("tcp.listeners.echo.framing", "length-prefix");
		properties.put("tcp.listeners.echo.length-prefix-size", String.valueOf(EchoFraming.HEADER_SIZE));
		properties.put("tcp.listeners.echo.max-frame-size", EchoFraming.MAX_FRAME_SIZE + "B");
		properties.put("tcp.listeners.echo.transport", transport);
		properties.put("tcp.listeners.echo.backlog", "1024");
		StarterRespServer.run(StarterEchoServer.class, properties);
	}

}
