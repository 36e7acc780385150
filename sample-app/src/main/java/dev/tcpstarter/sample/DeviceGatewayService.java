package dev.tcpstarter.sample;

import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpCaller;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.annotation.ConnectionService;
import dev.tcpstarter.annotation.OnBytes;
import dev.tcpstarter.annotation.OnConnect;
import dev.tcpstarter.annotation.OnError;
import dev.tcpstarter.annotation.TcpService;

/**
 * A device gateway: a device logs in with the line {@code login <device-id>} and joins
 * the group {@code device:<device-id>}; from then on {@code POST /devices/<id>/commands}
 * on any instance of the application reaches it (see {@link DeviceCommandsController}).
 * Lines a device sends after its login are not answered.
 * <p>
 * A device id is 1 to {@value #MAX_DEVICE_ID} letters, digits, {@code .}, {@code -} or
 * {@code _}: what a device sends is checked before it becomes a group name, an answer or
 * a log line. What a production gateway adds: <b>authentication</b>, since here any peer
 * can claim any id and receive its commands (mutual TLS with
 * {@code ssl.client-auth: need} and the id taken from the client certificate,
 * {@code caller.sslSession()}, or a signed token in the login line); one connection per
 * device, if a second login must replace the first (here both get the commands);
 * {@code socket.keep-alive} or an {@code idle-timeout} with device heartbeats, so that
 * dead devices behind NATs are found.
 */
@TcpService(listeners = "devices")
class DeviceGatewayService {

	private static final Log logger = LogFactory.getLog(DeviceGatewayService.class);

	private static final ConnectionErrorLog errors = new ConnectionErrorLog(logger);

	static final int MAX_DEVICE_ID = 64;

	private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_DEVICE_ID + "}");

	static final String LOGIN_ERROR = "error: log in with 'login <device-id>', 1 to " + MAX_DEVICE_ID
			+ " letters, digits, '.', '-' or '_'";

	/**
	 * Return the group of a device.
	 * @param deviceId a valid device id
	 * @return its group
	 */
	static String group(String deviceId) {
		return "device:" + deviceId;
	}

	/**
	 * Return whether a text is a valid device id.
	 * @param id the text
	 * @return whether it is 1 to {@value #MAX_DEVICE_ID} letters, digits, {@code .},
	 * {@code -} or {@code _}
	 */
	static boolean isDeviceId(String id) {
		return id != null && DEVICE_ID.matcher(id).matches();
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
			if (!isDeviceId(id)) {
				return LOGIN_ERROR;
			}
			this.deviceId = id;
			caller.join(group(id));
			if (logger.isDebugEnabled()) {
				logger.debug("Device " + id + " logged in on connection " + caller.id());
			}
			return "ok " + id;
		}

		@OnError
		void onError(TcpException error, TcpCaller caller) {
			errors.log(error, caller);
		}

	}

}
