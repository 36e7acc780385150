package dev.tcpstarter.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: it issues server and client
 * certificates (EC P-256, valid for a day) at test time and writes them as PEM files,
 * PKCS12 or JKS key stores. Nothing here is a secret; every run makes new keys.
 */
public final class TestCertificates {

	private static final SecureRandom random = new SecureRandom();

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final Path directory;

	private final Identity authority;

	private TestCertificates(Path directory, Identity authority) {
		this.directory = directory;
		this.authority = authority;
	}

	/**
	 * Create a new certificate authority whose files go to {@code directory}.
	 * @param directory where files are written
	 * @param name the common name of the authority
	 * @return the authority
	 */
	public static TestCertificates authority(Path directory, String name) {
		KeyPair keys = keyPair();
		X500Name subject = new X500Name("CN=" + name);
		X509Certificate certificate = sign(subject, keys, subject, keys.getPrivate(), nextSerial(), Usage.AUTHORITY);
		return new TestCertificates(directory, new Identity(directory, name, keys.getPrivate(), certificate));
	}

	/**
	 * Return the authority's own identity (its certificate is the one clients and servers
	 * trust).
	 * @return the authority
	 */
	public Identity authority() {
		return this.authority;
	}

	/**
	 * Issue a server certificate for {@code localhost} and 127.0.0.1.
	 * @param name the common name, also the base name of its files
	 * @return the server identity
	 */
	public Identity server(String name) {
		return issue(name, nextSerial(), Usage.SERVER);
	}

	/**
	 * Issue a client certificate.
	 * @param name the common name, also the base name of its files
	 * @return the client identity
	 */
	public Identity client(String name) {
		return issue(name, nextSerial(), Usage.CLIENT);
	}

	private Identity issue(String name, BigInteger serial, Usage usage) {
		KeyPair keys = keyPair();
		X509Certificate certificate = sign(new X500Name("O=tcp-spring-boot-starter tests,CN=" + name), keys,
				new X500Name(this.authority.certificate().getSubjectX500Principal().getName()),
				this.authority.privateKey(), serial, usage);
		return new Identity(this.directory, name, keys.getPrivate(), certificate);
	}

	private static BigInteger nextSerial() {
		return BigInteger.valueOf(serials.incrementAndGet());
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
			BigInteger serial, Usage usage) {
		Instant now = Instant.now();
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
					Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
					keys.getPublic());
			switch (usage) {
				case AUTHORITY -> {
					builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
					builder.addExtension(Extension.keyUsage, true,
							new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
				}
				case SERVER -> {
					builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
					builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
					builder.addExtension(Extension.extendedKeyUsage, false,
							new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
					builder.addExtension(Extension.subjectAlternativeName, false,
							new DERSequence(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
									new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
				}
				case CLIENT -> {
					builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
					builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
					builder.addExtension(Extension.extendedKeyUsage, false,
							new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
				}
			}
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not issue a test certificate for " + subject, ex);
		}
	}

	private enum Usage {

		AUTHORITY, SERVER, CLIENT

	}

	/**
	 * A private key and its certificate, with ways to write them in the formats a
	 * listener reads.
	 *
	 * @param directory where files are written
	 * @param name the common name and base file name
	 * @param privateKey the private key
	 * @param certificate the certificate
	 */
	public record Identity(Path directory, String name, PrivateKey privateKey, X509Certificate certificate) {

		/**
		 * Return the serial number of the certificate.
		 * @return the serial number
		 */
		public BigInteger serial() {
			return this.certificate.getSerialNumber();
		}

		/**
		 * Write the certificate as PEM to {@code <name>.crt}.
		 * @return the file
		 */
		public Path certificatePem() {
			return writePem(this.name + ".crt", this.certificate);
		}

		/**
		 * Write the private key as unencrypted PKCS#8 PEM to {@code <name>.key}.
		 * @return the file
		 */
		public Path privateKeyPem() {
			try {
				return writePem(this.name + ".key", new JcaPKCS8Generator(this.privateKey, null));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Write the private key as encrypted PKCS#8 PEM (AES-256, PBKDF2) to
		 * {@code <name>-encrypted.key}.
		 * @param password the password
		 * @return the file
		 */
		public Path encryptedPrivateKeyPem(String password) {
			try {
				OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
					.setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
					.setProvider(new BouncyCastleProvider())
					.setRandom(random)
					.setPassword(password.toCharArray())
					.build();
				return writePem(this.name + "-encrypted.key", new JcaPKCS8Generator(this.privateKey, encryptor));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (OperatorCreationException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Write the key and certificate to a key store file {@code <name>.<type>}.
		 * @param type the key store type, {@code PKCS12} or {@code JKS}
		 * @param password the password of the store and of the key
		 * @return the file
		 */
		public Path keyStore(String type, String password) {
			Path file = this.directory.resolve(this.name + "." + type.toLowerCase());
			try (OutputStream out = Files.newOutputStream(file)) {
				keyStore(type, password.toCharArray()).store(out, password.toCharArray());
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Return an in-memory key store holding the key and certificate under alias
		 * {@code name}.
		 * @param type the key store type
		 * @param password the key password
		 * @return the key store
		 * @throws GeneralSecurityException if the store cannot be created
		 */
		public KeyStore keyStore(String type, char[] password) throws GeneralSecurityException {
			KeyStore store = KeyStore.getInstance(type);
			try {
				store.load(null, null);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			store.setKeyEntry(this.name, this.privateKey, password, new Certificate[] { this.certificate });
			return store;
		}

		private Path writePem(String fileName, Object object) {
			StringWriter text = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
				writer.writeObject(object);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			try {
				return Files.writeString(this.directory.resolve(fileName), text.toString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
