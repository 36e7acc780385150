package dev.tcpstarter.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.TcpService;

/**
 * A device gateway: a device logs in with the line {@code login <device-id>} and joins
 * the group {@code device:<device-id>}; from then on {@code POST /devices/<id>/commands}
 * on any instance of the application reaches it (see {@link DeviceCommandsController}).
 * Lines a device sends after its login are not answered.
 */
@TcpService(listeners = "devices")
class DeviceGatewayService {

	private static final Log logger = LogFactory.getLog(DeviceGatewayService.class);

	private static final int MAX_DEVICE_ID = 64;

	/**
	 * Return the group of a device.
	 */
	static String group(String deviceId) {
		return "device:" + deviceId;
	}

	@OnConnect
	DeviceConnection onConnect() {
		return new DeviceConnection();
	}

	@ConnectionService
	static final class DeviceConnection {

		private String deviceId;

		@OnBytes
		String onBytes(String line, TcpCaller caller) {
			if (this.deviceId != null) {
				if (logger.isDebugEnabled()) {
					logger.debug("Device " + this.deviceId + " sent " + line.length() + " characters");
				}
				return null;
			}
			String id = line.startsWith("login ") ? line.substring(6).strip() : "";
			if (id.isEmpty() || id.length() > MAX_DEVICE_ID) {
				return "error: log in with 'login <device-id>' (1 to " + MAX_DEVICE_ID + " characters)";
			}
			this.deviceId = id;
			caller.join(group(id));
			return "ok " + id;
		}

	}

}
