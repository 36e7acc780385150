package dev.tcpstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps one INFO line per listener event. Spring Integration logs at INFO, for the
 * connection factory of every listener, what the starter logs already ({@code started
 * bean 'tcpListener.echo'}, {@code ... Listening}, {@code Server Socket closed},
 * {@code stopped bean ...}), under the categories of the starter's factory classes. This
 * sets those categories to {@code WARN} in a property source of the lowest precedence, so
 * their warnings and errors still show and any {@code logging.level.*} of the application
 * overrides it.
 * <p>
 * The default is left out for a category whose level the application sets, or one of
 * whose parent categories (or {@code root}) it sets to {@code DEBUG} or {@code TRACE}:
 * asking for more output of the starter brings back Spring Integration's lines too.
 * <p>
 * Runs after the application's configuration files are read and before Spring Boot's
 * {@code LoggingApplicationListener} applies {@code logging.level.*}.
 */
class TcpLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The name of the property source with the default levels.
	 */
	static final String PROPERTY_SOURCE_NAME = "tcpLoggingDefaults";

	// the starter's subclasses of TcpNetServerConnectionFactory
	// and TcpNioServerConnectionFactory
	private static final List<String> CATEGORIES = List.of("dev.tcpstarter.integration.NetServerConnectionFactory",
			"dev.tcpstarter.integration.NioServerConnectionFactory");

	private static final String LOGGING_LEVEL = "logging.level";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, String> levels = Binder.get(environment)
			.bind(LOGGING_LEVEL, Bindable.mapOf(String.class, String.class))
			.orElseGet(Map::of);
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (String category : CATEGORIES) {
			if (!isConfigured(category, levels)) {
				defaults.put(LOGGING_LEVEL + "." + category, "warn");
			}
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	private static boolean isConfigured(String category, Map<String, String> levels) {
		String lowerCaseCategory = category.toLowerCase(Locale.ROOT);
		for (Map.Entry<String, String> level : levels.entrySet()) {
			String name = level.getKey().toLowerCase(Locale.ROOT);
			if (name.equals(lowerCaseCategory)) {
				return true;
			}
			boolean parent = name.equals("root") || lowerCaseCategory.startsWith(name + ".");
			if (parent && isVerbose(level.getValue())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isVerbose(String level) {
		String name = level.trim();
		return name.equalsIgnoreCase("debug") || name.equalsIgnoreCase("trace");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
