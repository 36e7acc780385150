package dev.tcpstarter.autoconfigure;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust manager of a TLS listener: checks a client certificate with the trust store
 * of the SSL bundle that serves the server name the client asked for
 * ({@link ServerNameRoutes}), so that each name of a multi-tenant listener trusts its own
 * authorities. The authorities a listener names when it asks for a client certificate are
 * those of every bundle, since it asks before it knows the outcome of the check.
 */
final class ServerNameTrustManager extends X509ExtendedTrustManager {

	private final ServerNameRoutes routes;

	private final List<X509TrustManager> trust;

	/**
	 * Create a trust manager.
	 * @param routes which route serves a handshake
	 * @param trust the trust manager of each route, the default route first
	 */
	ServerNameTrustManager(ServerNameRoutes routes, List<X509TrustManager> trust) {
		this.routes = routes;
		this.trust = List.copyOf(trust);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		checkClientTrusted(this.routes.route(socket), chain, authType,
				(extended) -> extended.checkClientTrusted(chain, authType, socket));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		checkClientTrusted(this.routes.route(engine), chain, authType,
				(extended) -> extended.checkClientTrusted(chain, authType, engine));
	}

	private void checkClientTrusted(int route, X509Certificate[] chain, String authType, ExtendedCheck extendedCheck)
			throws CertificateException {
		X509TrustManager routed = this.trust.get(route);
		if (routed instanceof X509ExtendedTrustManager extended) {
			extendedCheck.check(extended);
		}
		else {
			routed.checkClientTrusted(chain, authType);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		defaultTrust().checkClientTrusted(chain, authType);
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		Set<X509Certificate> issuers = new LinkedHashSet<>();
		for (X509TrustManager manager : this.trust) {
			issuers.addAll(List.of(manager.getAcceptedIssuers()));
		}
		return issuers.toArray(X509Certificate[]::new);
	}

	// a listener only serves: server certificates are checked by its default trust,
	// should anything ask

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		defaultTrust().checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		defaultTrust().checkServerTrusted(chain, authType);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		defaultTrust().checkServerTrusted(chain, authType);
	}

	private X509TrustManager defaultTrust() {
		return this.trust.get(ServerNameRoutes.DEFAULT_ROUTE);
	}

	/**
	 * A check with the socket or engine of the handshake, for an extended trust manager.
	 */
	@FunctionalInterface
	private interface ExtendedCheck {

		void check(X509ExtendedTrustManager manager) throws CertificateException;

	}

}
