package dev.tcpstarter.listener.integration;

import org.springframework.integration.ip.tcp.connection.TcpNioServerConnectionFactory;

/**
 * A {@code TcpNioServerConnectionFactory} whose bind can be awaited and that stops
 * without a spurious error.
 */
final class NioServerConnectionFactory extends TcpNioServerConnectionFactory {

	private final BindState bindState = new BindState();

	NioServerConnectionFactory(int port) {
		super(port);
	}

	@Override
	public void start() {
		this.bindState.starting();
		super.start();
	}

	/**
	 * Mark the factory inactive before Spring Integration closes its selector, so that
	 * the selector loop ends quietly instead of reporting the closed selector as an
	 * error.
	 */
	@Override
	public void stop() {
		setActive(false);
		super.stop();
	}

	@Override
	protected void setListening(boolean listening) {
		super.setListening(listening);
		if (listening) {
			this.bindState.listening(getPort());
		}
	}

	@Override
	protected void publishServerExceptionEvent(Exception ex) {
		this.bindState.failed(ex);
		super.publishServerExceptionEvent(ex);
	}

	BindState bindState() {
		return this.bindState;
	}

}
