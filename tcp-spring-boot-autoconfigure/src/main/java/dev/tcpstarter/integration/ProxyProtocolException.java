package dev.tcpstarter.integration;

import java.io.IOException;

/**
 * A connection did not start with a valid PROXY protocol header.
 */
class ProxyProtocolException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what is wrong with the header
	 */
	public ProxyProtocolException(String message) {
		super(message);
	}

}
