package dev.tcpstarter.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.jspecify.annotations.Nullable;

/**
 * A blocking TLS client for tests: trusts one test authority, may present a client
 * certificate, and may restrict its protocols and cipher suites. {@link #connect(int)}
 * completes the handshake, so a handshake failure surfaces there as an
 * {@link IOException}.
 */
public final class TlsTestClient implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final char[] PASSWORD = "client-secret".toCharArray();

	private final SSLSocket socket;

	private TlsTestClient(SSLSocket socket) {
		this.socket = socket;
	}

	/**
	 * Start a client that trusts certificates issued by {@code authority}.
	 * @param authority the trusted authority
	 * @return the options
	 */
	public static Options trusting(TestCertificates.Identity authority) {
		return new Options(authority);
	}

	/**
	 * Send UTF-8 text as it is.
	 * @param text the text
	 * @return this client
	 */
	public TlsTestClient send(String text) {
		try {
			this.socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
			this.socket.getOutputStream().flush();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read until {@code expected} has arrived, whatever the read sizes, and compare.
	 * @param expected the expected UTF-8 text
	 * @return the text received
	 */
	public String receive(String expected) {
		byte[] wanted = expected.getBytes(StandardCharsets.UTF_8);
		byte[] received = new byte[wanted.length];
		try {
			InputStream in = this.socket.getInputStream();
			int total = 0;
			while (total < received.length) {
				int read = in.read(received, total, received.length - total);
				if (read < 0) {
					break;
				}
				total += read;
			}
			return new String(received, 0, total, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the certificate the server presented.
	 * @return the server's leaf certificate
	 */
	public X509Certificate serverCertificate() {
		try {
			return (X509Certificate) this.socket.getSession().getPeerCertificates()[0];
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the serial number of the certificate the server presented.
	 * @return the serial number
	 */
	public BigInteger serverSerial() {
		return serverCertificate().getSerialNumber();
	}

	/**
	 * Return the protocol that was negotiated.
	 * @return e.g. {@code TLSv1.3}
	 */
	public String protocol() {
		return this.socket.getSession().getProtocol();
	}

	/**
	 * Return the cipher suite that was negotiated.
	 * @return the cipher suite
	 */
	public String cipherSuite() {
		return this.socket.getSession().getCipherSuite();
	}

	/**
	 * Start a new handshake on the established connection: a renegotiation under TLS 1.2.
	 * It completes while the client reads.
	 * @return this client
	 */
	public TlsTestClient renegotiate() {
		try {
			this.socket.startHandshake();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read whatever arrives until the server closes the connection, or the read times
	 * out.
	 * @return {@code true} if the server closed the connection, {@code false} if it
	 * stayed open
	 */
	public boolean closedByServer() {
		return Sockets.readUntilClosed(this.socket);
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

	/**
	 * How a client connects: its trust, its certificate, its protocols and ciphers.
	 */
	public static final class Options {

		private final TestCertificates.Identity authority;

		private TestCertificates.@Nullable Identity identity;

		private String @Nullable [] protocols;

		private String @Nullable [] ciphers;

		private @Nullable String serverName;

		private Options(TestCertificates.Identity authority) {
			this.authority = authority;
		}

		/**
		 * Present a client certificate.
		 * @param identity the client's key and certificate
		 * @return these options
		 */
		public Options certificate(TestCertificates.Identity identity) {
			this.identity = identity;
			return this;
		}

		/**
		 * Enable only these protocols.
		 * @param protocols e.g. {@code TLSv1.2}
		 * @return these options
		 */
		public Options protocols(String... protocols) {
			this.protocols = protocols;
			return this;
		}

		/**
		 * Enable only these cipher suites.
		 * @param ciphers the cipher suites
		 * @return these options
		 */
		public Options ciphers(String... ciphers) {
			this.ciphers = ciphers;
			return this;
		}

		/**
		 * Ask for a server name (SNI) in the handshake: the JDK sends none by itself for
		 * the loopback address.
		 * @param serverName the host name
		 * @return these options
		 */
		public Options serverName(String serverName) {
			this.serverName = serverName;
			return this;
		}

		/**
		 * Connect to a port on the loopback address and complete the handshake.
		 * @param port the port
		 * @return the connected client
		 * @throws IOException if the connection or the handshake fails
		 */
		public TlsTestClient connect(int port) throws IOException {
			SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket();
			try {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
				socket.setSoTimeout((int) TIMEOUT.toMillis());
				if (this.protocols != null) {
					socket.setEnabledProtocols(this.protocols);
				}
				if (this.ciphers != null) {
					socket.setEnabledCipherSuites(this.ciphers);
				}
				if (this.serverName != null) {
					SSLParameters parameters = socket.getSSLParameters();
					parameters.setServerNames(List.of(new SNIHostName(this.serverName)));
					socket.setSSLParameters(parameters);
				}
				socket.startHandshake();
				return new TlsTestClient(socket);
			}
			catch (IOException | RuntimeException ex) {
				socket.close();
				throw ex;
			}
		}

		/**
		 * Connect, and if the handshake completes on this side (TLS 1.3 checks the client
		 * certificate after that), send a byte and read: return the failure that ended
		 * the connection, or {@code null} if the server answered.
		 * @param port the port
		 * @return the failure, or {@code null} when the connection was served
		 */
		public @Nullable Exception rejection(int port) {
			try (TlsTestClient client = connect(port)) {
				client.send("?");
				int read = client.socket.getInputStream().read();
				return (read < 0) ? new SocketException("end of stream") : null;
			}
			catch (IOException | UncheckedIOException ex) {
				return ex;
			}
		}

		/**
		 * Return the client SSL context of these options.
		 * @return the context
		 */
		public SSLContext context() {
			try {
				KeyStore trust = KeyStore.getInstance("PKCS12");
				trust.load(null, null);
				trust.setCertificateEntry("authority", this.authority.certificate());
				TrustManagerFactory trustManagers = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trustManagers.init(trust);
				KeyManager[] keyManagers = null;
				if (this.identity != null) {
					KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
					factory.init(this.identity.keyStore("PKCS12", PASSWORD), PASSWORD);
					keyManagers = new KeyManager[] {
							new AlwaysPresenting((X509KeyManager) factory.getKeyManagers()[0], this.identity.name()) };
				}
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(keyManagers, trustManagers.getTrustManagers(), null);
				return context;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * Presents the client certificate whatever authorities the server asks for, so that a
	 * server can be shown an untrusted certificate (the JDK's key manager would send
	 * none).
	 */
	private static final class AlwaysPresenting extends X509ExtendedKeyManager {

		private final X509KeyManager delegate;

		private final String alias;

		AlwaysPresenting(X509KeyManager delegate, String alias) {
			this.delegate = delegate;
			this.alias = alias;
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return new String[] { this.alias };
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return this.alias;
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return this.alias;
		}

		@Override
		public String @Nullable [] getServerAliases(String keyType, Principal[] issuers) {
			return null;
		}

		@Override
		public @Nullable String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return null;
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

}
