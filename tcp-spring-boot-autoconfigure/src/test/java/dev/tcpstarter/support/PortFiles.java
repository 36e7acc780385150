package dev.tcpstarter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The port file an application run in a JVM of its own writes, so that the test that
 * started it knows where to connect.
 */
public final class PortFiles {

	private PortFiles() {
	}

	/**
	 * Write a port to a file atomically: a reader never sees a partial number.
	 * @param file the file
	 * @param port the port
	 */
	public static void write(Path file, int port) {
		try {
			Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), Integer.toString(port),
					StandardCharsets.US_ASCII);
			Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
