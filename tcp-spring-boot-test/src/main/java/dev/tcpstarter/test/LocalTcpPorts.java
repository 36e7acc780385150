package dev.tcpstarter.test;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Reads the {@code local.tcp.listener.<name>.port} properties for
 * {@link LocalTcpPort @LocalTcpPort}.
 */
final class LocalTcpPorts {

	private static final Pattern PORT_PROPERTY = Pattern.compile("local\\.tcp\\.listener\\.(.+)\\.port");

	private static final Set<Class<?>> SUPPORTED_TYPES = Set.of(int.class, Integer.class, long.class, Long.class,
			String.class);

	private LocalTcpPorts() {
	}

	static String propertyName(String listener) {
		return "local.tcp.listener." + listener + ".port";
	}

	static void assertSupportedType(Class<?> type, String target) {
		if (!SUPPORTED_TYPES.contains(type)) {
			throw new IllegalStateException("@LocalTcpPort is not supported on " + target + " of type " + type.getName()
					+ ": use int, Integer, long, Long or String");
		}
	}

	/**
	 * Return the port of the given listener converted to the given type.
	 * @param environment the environment holding the port properties
	 * @param listener the listener name
	 * @param type one of the supported target types
	 * @param target a description of the injection target, for error messages
	 * @return the port as an {@link Integer}, {@link Long} or {@link String}
	 */
	static Object resolve(Environment environment, String listener, Class<?> type, String target) {
		assertSupportedType(type, target);
		String property = propertyName(listener);
		String value = environment.getProperty(property);
		if (value == null) {
			throw new IllegalStateException("Cannot inject @LocalTcpPort(\"" + listener + "\") into " + target
					+ ": No TCP listener named '" + listener + "' is bound: property " + property
					+ " is not set; known listeners: " + knownListeners(environment));
		}
		int port = parsePort(value.trim(), property, target);
		if (type == String.class) {
			return String.valueOf(port);
		}
		return (type == long.class || type == Long.class) ? (Object) (long) port : (Object) port;
	}

	private static int parsePort(String value, String property, String target) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalStateException("Cannot inject @LocalTcpPort into " + target + ": property " + property
				+ " has value '" + value + "', which is not a port number");
	}

	/**
	 * Return the names of the listeners whose port property is visible in an enumerable
	 * property source.
	 * @param environment the environment to inspect
	 * @return the sorted listener names
	 */
	static Set<String> knownListeners(Environment environment) {
		Set<String> names = new TreeSet<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						Matcher matcher = PORT_PROPERTY.matcher(name);
						if (matcher.matches()) {
							names.add(matcher.group(1));
						}
					}
				}
			}
		}
		return names;
	}

}
