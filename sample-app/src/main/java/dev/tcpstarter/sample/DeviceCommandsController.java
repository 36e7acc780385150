package dev.tcpstarter.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.push.TcpPush;

/**
 * Commands for devices connected to {@link DeviceGatewayService}, on whichever instance
 * they are connected (with {@code tcp.push.transport=redis}):
 * <ul>
 * <li>{@code POST /devices/{id}/commands} with the command as the body: one line pushed
 * to that device;</li>
 * <li>{@code POST /devices/commands} with lines {@code <device-id> <command>}: one push
 * per line, for bulk senders (the push scenario).</li>
 * </ul>
 * The answer is {@code 202 Accepted} once the pushes are published (delivery is at most
 * once: a device that is not connected misses them), {@code 503} while the push transport
 * is unavailable, {@code 400} for an invalid device id or command, {@code 413} for a body
 * above {@value #MAX_BODY} bytes (or {@value #MAX_BULK_BODY} for the bulk endpoint).
 * <p>
 * A command is 1 to {@value #MAX_COMMAND} characters without control characters: a line
 * break would reach a line-framed device as two commands. Bodies are read up to their
 * limit and no further. Errors never quote the transport's failure (it names the broker's
 * address): that goes to the log. What a production API adds: authentication and
 * authorization (Spring Security: who may command which devices), and a rate limit.
 */
@RestController
class DeviceCommandsController {

	private static final Log logger = LogFactory.getLog(DeviceCommandsController.class);

	static final int MAX_COMMAND = 256;

	static final int MAX_BODY = 1024;

	static final int MAX_BULK_BODY = 256 * 1024;

	private final TcpPush push;

	private final OncePerMinuteLog unavailable = new OncePerMinuteLog(logger);

	DeviceCommandsController(TcpPush push) {
		this.push = push;
	}

	@PostMapping("/devices/{id}/commands")
	ResponseEntity<Map<String, Integer>> command(@PathVariable String id, InputStream body) throws IOException {
		if (!DeviceGatewayService.isDeviceId(id)) {
			throw new InvalidCommandException("invalid device id: 1 to " + DeviceGatewayService.MAX_DEVICE_ID
					+ " letters, digits, '.', '-' or '_'");
		}
		this.push.sendToGroup(DeviceGatewayService.group(id), command(read(body, MAX_BODY)));
		return ResponseEntity.accepted().body(Map.of("published", 1));
	}

	@PostMapping("/devices/commands")
	ResponseEntity<Map<String, Integer>> commands(InputStream body) throws IOException {
		int published = 0;
		int rejected = 0;
		for (String line : read(body, MAX_BULK_BODY).split("\n")) {
			int space = line.indexOf(' ');
			String id = (space > 0) ? line.substring(0, space) : "";
			String command = (space > 0) ? line.substring(space + 1).strip() : "";
			if (DeviceGatewayService.isDeviceId(id) && isCommand(command)) {
				this.push.sendToGroup(DeviceGatewayService.group(id), command);
				published++;
			}
			else if (!line.isBlank()) {
				rejected++;
			}
		}
		return ResponseEntity.accepted().body(Map.of("published", published, "rejected", rejected));
	}

	private static String command(String body) {
		String command = body.strip();
		if (!isCommand(command)) {
			throw new InvalidCommandException(
					"invalid command: 1 to " + MAX_COMMAND + " characters on one line, without control characters");
		}
		return command;
	}

	private static boolean isCommand(String command) {
		return !command.isEmpty() && command.length() <= MAX_COMMAND
				&& command.codePoints().noneMatch(LogText::isUnsafe);
	}

	/**
	 * Read a body of at most {@code max} bytes, never more.
	 */
	private static String read(InputStream body, int max) throws IOException {
		byte[] bytes = body.readNBytes(max + 1);
		if (bytes.length > max) {
			throw new BodyTooLargeException(max);
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@ExceptionHandler(TcpException.class)
	ResponseEntity<Map<String, String>> transportDown(TcpException ex) {
		this.unavailable.warn("Device command not published: " + ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("error", "push transport unavailable, try again later"));
	}

	@ExceptionHandler(InvalidCommandException.class)
	ResponseEntity<Map<String, String>> badCommand(InvalidCommandException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(BodyTooLargeException.class)
	ResponseEntity<Map<String, String>> tooLarge(BodyTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(Map.of("error", ex.getMessage()));
	}

	/**
	 * A device id or command that cannot be sent.
	 */
	static final class InvalidCommandException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidCommandException(String message) {
			super(message);
		}

	}

	/**
	 * A body above its limit.
	 */
	static final class BodyTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BodyTooLargeException(int max) {
			super("body larger than " + max + " bytes");
		}

	}

}
