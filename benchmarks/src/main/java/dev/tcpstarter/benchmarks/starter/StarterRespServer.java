package dev.tcpstarter.benchmarks.starter;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;

import dev.tcpstarter.benchmarks.resp.RespCodec;

/**
 * The RESP server on the starter: {@code starter-resp <port> [net|nio]}. The listener is
 * configured with properties only ({@code tcp.listeners.resp.*}, set programmatically
 * here; environment variables such as {@code TCP_LISTENERS_RESP_TRANSPORT} still override
 * them), and the framing is the {@link RespCodec} bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(RespService.class)
public class StarterRespServer {

	@Bean
	RespCodec respCodec() {
		return new RespCodec();
	}

	public static void main(String[] args) {
		String port = args[0];
		String transport = args.length > 1 ? args[1] : "net";
		boolean metrics = args.length > 2 && args[2].equals("metrics");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("tcp.listeners.resp.port", port);
		properties.put("tcp.listeners.resp.host", "127.0.0.1");
		properties.put("tcp.listeners.resp.framing", "respCodec");
		properties.put("tcp.listeners.resp.transport", transport);
		properties.put("tcp.listeners.resp.backlog", "1024");
		properties.put("tcp.listeners.resp.max-frame-size", "64KB");
		run(StarterRespServer.class, properties, metrics);
	}

	static void run(Class<?> source, Map<String, Object> properties) {
		run(source, properties, false);
	}

	/**
	 * Run the application; with {@code metrics}, a {@link SimpleMeterRegistry} bean makes
	 * the starter register its meters, so the cost of metrics can be measured.
	 */
	static void run(Class<?> source, Map<String, Object> properties, boolean metrics) {
		SpringApplication application = new SpringApplication(source);
		if (metrics) {
			application.addInitializers((context) -> ((GenericApplicationContext) context)
				.registerBean(MeterRegistry.class, SimpleMeterRegistry::new));
		}
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setDefaultProperties(properties);
		application.run();
	}

}
