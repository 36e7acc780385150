package dev.tcpstarter.listener;

/**
 * How many connections of a listener are open from one client address.
 *
 * @param address the client address: the socket peer, or the PROXY header's source behind
 * a trusted proxy
 * @param connections the number of open connections from it
 */
public record TcpAddressConnections(String address, int connections) {

}
