package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Loads the starter's connection classes at startup when they are read from a directory
 * rather than a jar (an IDE, tests, an exploded application as buildpacks run it). There,
 * loading a class opens its file; a class first needed while the process is out of file
 * descriptors (the read error of a connection that closes, the recovery of the accept
 * loop) cannot be loaded, and the connections that would free descriptors cannot close.
 * From a jar, which stays open, loading needs no descriptor, and nothing is done.
 */
final class ExplodedClasses {

	private static final Log logger = LogFactory.getLog(ExplodedClasses.class);

	// the packages a connection runs through, relative to the root of the classes
	private static final List<String> RECURSIVE = List.of("dev/tcpstarter/listener", "dev/tcpstarter/integration");

	private static final String ROOT_PACKAGE = "dev/tcpstarter";

	private static volatile boolean loaded;

	private ExplodedClasses() {
	}

	/**
	 * Load the classes, once per class loader of the starter, if they come from a
	 * directory.
	 */
	static void preload() {
		if (loaded) {
			return;
		}
		loaded = true;
		Path root = classesDirectory();
		if (root == null) {
			return;
		}
		ClassLoader loader = ExplodedClasses.class.getClassLoader();
		try {
			int count = 0;
			for (String name : RECURSIVE) {
				count += load(root, root.resolve(name), Integer.MAX_VALUE, loader);
			}
			count += load(root, root.resolve(ROOT_PACKAGE), 1, loader);
			logger.debug("Loaded " + count + " classes of the starter from " + root);
		}
		catch (UncheckedIOException ex) {
			logger.debug("Classes of the starter not loaded in advance from " + root, ex);
		}
	}

	private static @Nullable Path classesDirectory() {
		try {
			CodeSource source = ExplodedClasses.class.getProtectionDomain().getCodeSource();
			URL location = (source != null) ? source.getLocation() : null;
			if (location == null || !"file".equals(location.getProtocol())) {
				return null;
			}
			Path path = Path.of(location.toURI());
			return Files.isDirectory(path) ? path : null;
		}
		catch (URISyntaxException | RuntimeException ex) {
			return null;
		}
	}

	private static int load(Path root, Path directory, int depth, ClassLoader loader) {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		try (Stream<Path> files = Files.walk(directory, depth)) {
			return (int) files.filter((file) -> file.toString().endsWith(".class"))
				.filter((file) -> load(className(root, file), loader))
				.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String className(Path root, Path file) {
		String relative = root.relativize(file).toString();
		return relative.substring(0, relative.length() - ".class".length())
			.replace(file.getFileSystem().getSeparator(), ".");
	}

	private static boolean load(String className, ClassLoader loader) {
		try {
			// loaded, not initialized: no static initializer runs early
			Class.forName(className, false, loader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// an optional dependency it needs is missing: it is not used then
			return false;
		}
	}

}
