package dev.tcpstarter.sample;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
 * once: a device that is not connected misses them), {@code 503} while the broker is
 * unreachable, {@code 400} for an empty command.
 */
@RestController
class DeviceCommandsController {

	private final TcpPush push;

	DeviceCommandsController(TcpPush push) {
		this.push = push;
	}

	@PostMapping("/devices/{id}/commands")
	ResponseEntity<Map<String, Integer>> command(@PathVariable String id, @RequestBody String command) {
		this.push.sendToGroup(DeviceGatewayService.group(id), command.strip());
		return ResponseEntity.accepted().body(Map.of("published", 1));
	}

	@PostMapping("/devices/commands")
	ResponseEntity<Map<String, Integer>> commands(@RequestBody String lines) {
		int published = 0;
		for (String line : lines.split("\n")) {
			int space = line.indexOf(' ');
			if (space > 0) {
				this.push.sendToGroup(DeviceGatewayService.group(line.substring(0, space)),
						line.substring(space + 1).strip());
				published++;
			}
		}
		return ResponseEntity.accepted().body(Map.of("published", published));
	}

	@ExceptionHandler(TcpException.class)
	ResponseEntity<Map<String, String>> brokerDown(TcpException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badCommand(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

}
