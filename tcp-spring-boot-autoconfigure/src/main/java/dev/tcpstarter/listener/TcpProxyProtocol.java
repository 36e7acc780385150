package dev.tcpstarter.listener;

/**
 * Whether a listener expects a PROXY protocol header (v1 or v2) from a load balancer at
 * the start of each connection.
 */
public enum TcpProxyProtocol {

	/**
	 * No header is read.
	 */
	OFF,

	/**
	 * A header is read if the connection starts with one.
	 */
	OPTIONAL,

	/**
	 * Every connection must start with a header; others are closed and counted.
	 */
	REQUIRED

}
