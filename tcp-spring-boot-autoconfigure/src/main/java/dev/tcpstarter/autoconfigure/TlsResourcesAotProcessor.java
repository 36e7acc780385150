package dev.tcpstarter.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ResourceHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ResourceUtils;
import org.springframework.util.StringUtils;

/**
 * Registers resource hints for the TLS material that listeners and named clients read
 * from {@code classpath:} locations, which a native image only holds when they are
 * registered: the files of the SSL bundles they use (the {@code ssl.bundle} of a listener
 * and of every entry of its {@code ssl.server-name-bundles}, the {@code ssl.bundle} of a
 * client) and of the starter's PEM and key store shortcuts. The locations are read from
 * the {@code Environment} at build time, with the same binding as at runtime; a
 * {@code file:} location or a plain path stays outside the image.
 * <p>
 * Registered in {@code META-INF/spring/aot.factories}.
 */
final class TlsResourcesAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
			return null;
		}
		Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
				Environment.class);
		Set<String> resources = classpathResources(Binder.get(environment));
		if (resources.isEmpty()) {
			return null;
		}
		return (generationContext, beanFactoryInitializationCode) -> {
			ResourceHints hints = generationContext.getRuntimeHints().resources();
			resources.forEach(hints::registerPattern);
		};
	}

	/**
	 * Return the class path resources of the TLS material of listeners and clients.
	 * @param binder the binder of the application's environment
	 * @return resource paths, without {@code classpath:} and a leading slash
	 */
	static Set<String> classpathResources(Binder binder) {
		TcpProperties properties = binder.bind("tcp", TcpProperties.class).orElseGet(TcpProperties::new);
		SslProperties bundles = binder.bind("spring.ssl", SslProperties.class).orElseGet(SslProperties::new);
		List<@Nullable String> locations = new ArrayList<>();
		Set<String> bundleNames = new LinkedHashSet<>();
		for (TcpProperties.Listener listener : properties.getListeners().values()) {
			TcpProperties.Ssl ssl = listener.getSsl();
			if (!Boolean.FALSE.equals(ssl.getEnabled())) {
				bundleNames.add(ssl.getBundle());
				ssl.getServerNameBundles().forEach((entry) -> bundleNames.add(entry.getBundle()));
				locations.addAll(Arrays.asList(ssl.getCertificate(), ssl.getCertificatePrivateKey(),
						ssl.getTrustCertificate(), ssl.getKeyStore()));
			}
		}
		for (TcpClientProperties.Client client : properties.getClients().values()) {
			TcpClientProperties.Ssl ssl = client.getSsl();
			if (!Boolean.FALSE.equals(ssl.getEnabled())) {
				bundleNames.add(ssl.getBundle());
				locations.addAll(
						Arrays.asList(ssl.getCertificate(), ssl.getCertificatePrivateKey(), ssl.getTrustCertificate()));
			}
		}
		bundleNames.forEach((name) -> addBundle(locations, bundles.getBundle(), name));
		Set<String> resources = new LinkedHashSet<>();
		for (String location : locations) {
			if (location != null && location.startsWith(ResourceUtils.CLASSPATH_URL_PREFIX)) {
				resources.add(StringUtils
					.trimLeadingCharacter(location.substring(ResourceUtils.CLASSPATH_URL_PREFIX.length()).trim(), '/'));
			}
		}
		return resources;
	}

	private static void addBundle(List<@Nullable String> locations, SslProperties.Bundles bundles,
			@Nullable String name) {
		PemSslBundleProperties pem = get(bundles.getPem(), name);
		if (pem != null) {
			locations.addAll(Arrays.asList(pem.getKeystore().getCertificate(), pem.getKeystore().getPrivateKey(),
					pem.getTruststore().getCertificate(), pem.getTruststore().getPrivateKey()));
		}
		JksSslBundleProperties jks = get(bundles.getJks(), name);
		if (jks != null) {
			locations.addAll(Arrays.asList(jks.getKeystore().getLocation(), jks.getTruststore().getLocation()));
		}
	}

	private static <T> @Nullable T get(Map<String, T> bundles, @Nullable String name) {
		return (name != null) ? bundles.get(name) : null;
	}

}
