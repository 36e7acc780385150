package dev.tcpstarter.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.GenericMessage;

import dev.tcpstarter.TcpException;
import dev.tcpstarter.integration.PeerText;

/**
 * Sends frames to connections from anywhere (a controller, a scheduled job, a Kafka
 * listener), on every instance of the application: to a group
 * ({@code TcpCaller.join(group)}), to one connection by id, or to every connection of a
 * listener. Each frame is written with each connection's framing, as
 * {@code TcpCaller.writeBytes} writes it.
 * <p>
 * <b>Delivery is at most once</b>, to the connections that match when the push reaches
 * their instance: nothing is kept for a connection that is not there, and a push
 * published while an instance's subscription is down never reaches that instance.
 * <p>
 * <b>Never blocked by a connection.</b> A push is published as one envelope on the
 * {@code tcpPushChannel}; every instance delivers it to its own matching connections by
 * queueing the frame on each ({@link PushMember#send}), so a connection that does not
 * read delays neither the others nor the caller. What a {@code sendTo…} call waits for is
 * the transport: nothing for {@code local} (delivery runs on the calling thread); on
 * {@code redis} only for the {@code PUBLISH} to be handed to the client, not for Redis's
 * answer (a {@link PipelinedPushChannel}: pushes are pipelined, and a call waits only
 * when {@code tcp.push.max-in-flight} of them are unanswered); on {@code kafka} the
 * producer's acknowledgement.
 * <p>
 * <b>Broker outage.</b> When the transport does not accept a push, {@code sendTo…} throws
 * a {@link TcpException} (at once when the client is disconnected, at the latest after
 * {@code tcp.push.send-timeout}), and from then on fails at once, without trying, until a
 * heartbeat gets through again; the failures are counted as
 * {@code tcp.push.failed{reason=broker}} and {@link #status()} is down meanwhile. A push
 * that a pipelined transport accepted and that fails afterwards (the connection is lost
 * before Redis answered, or no answer came within the send timeout) is counted the same
 * way and closes publishing the same way; its caller has already returned.
 */
public class TcpPush implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: before the listeners start, after they stop, so that a
	 * draining listener's connections can still be reached.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final SubscribableChannel channel;

	// publishes pushes when the channel does not wait for the broker's answer
	private final @Nullable PipelinedPushPublisher pipelined;

	private final long origin = ThreadLocalRandom.current().nextLong();

	private final PushLink link;

	private final PushDelivery delivery;

	private final TcpPushObserver observer;

	private final int maxFrameSize;

	private final long sendTimeoutMillis;

	private final @Nullable PushHeartbeat heartbeat;

	private volatile boolean running;

	/**
	 * Create a push over a channel.
	 * @param registry this instance's connections and groups
	 * @param channel the channel every instance publishes on and subscribes to
	 * @param settings the transport's name, topic and limits
	 * @param observer told about pushes, for metrics
	 */
	public TcpPush(PushRegistry registry, SubscribableChannel channel, Settings settings, TcpPushObserver observer) {
		this.channel = channel;
		this.observer = observer;
		this.maxFrameSize = settings.maxFrameSize();
		this.sendTimeoutMillis = settings.sendTimeout().toMillis();
		Duration interval = settings.heartbeatInterval();
		this.link = new PushLink(settings.transport(), settings.topic(), interval);
		this.pipelined = (channel instanceof PipelinedPushChannel pipelinedChannel) ? new PipelinedPushPublisher(
				pipelinedChannel, this.link, observer, settings.maxInFlight(), this.sendTimeoutMillis) : null;
		this.delivery = new PushDelivery(registry, this.link, this.origin, this.maxFrameSize, observer);
		this.heartbeat = (interval != null) ? new PushHeartbeat(this::publishHeartbeat, interval) : null;
	}

	/**
	 * Send a frame to every connection in a group, on every instance.
	 * @param group the group name
	 * @param frame the frame payload; written with each connection's framing
	 * @throws IllegalArgumentException if the group name or the frame is null or empty,
	 * or the frame is larger than {@code tcp.push.max-frame-size}
	 * @throws TcpException if the transport does not accept the push
	 */
	public void sendToGroup(String group, byte[] frame) {
		PushRegistry.checkGroup(group);
		publish(PushEnvelope.GROUP, TcpPushTarget.GROUP, group, checkFrame(frame, "frame"), false);
	}

	/**
	 * Send text to every connection in a group, on every instance. Each connection gets
	 * the text encoded with its listener's charset, as {@code TcpCaller.write(String)}
	 * encodes it (it travels as UTF-8 and is re-encoded only for listeners with another
	 * charset).
	 * @param group the group name
	 * @param text the frame payload as text
	 * @throws IllegalArgumentException if the group name or the text is null or empty, or
	 * its UTF-8 form is larger than {@code tcp.push.max-frame-size}
	 * @throws TcpException if the transport does not accept the push
	 */
	public void sendToGroup(String group, String text) {
		PushRegistry.checkGroup(group);
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException(
					"Argument 'text' must be a non-empty string, but was " + ((text == null) ? "null" : "empty"));
		}
		publish(PushEnvelope.GROUP, TcpPushTarget.GROUP, group,
				checkFrame(text.getBytes(StandardCharsets.UTF_8), "text"), true);
	}

	/**
	 * Send a frame to one connection, on whichever instance it is connected to.
	 * @param connectionId the connection's id ({@code TcpCaller.id()})
	 * @param frame the frame payload
	 * @throws IllegalArgumentException if the id or the frame is null or empty, or the
	 * frame is larger than {@code tcp.push.max-frame-size}
	 * @throws TcpException if the transport does not accept the push
	 */
	public void sendToConnection(String connectionId, byte[] frame) {
		checkName(connectionId, "connectionId");
		publish(PushEnvelope.CONNECTION, TcpPushTarget.CONNECTION, connectionId, checkFrame(frame, "frame"), false);
	}

	/**
	 * Send a frame to every connection of a listener, on every instance.
	 * @param listenerName the listener name (the key under {@code tcp.listeners})
	 * @param frame the frame payload
	 * @throws IllegalArgumentException if the name or the frame is null or empty, or the
	 * frame is larger than {@code tcp.push.max-frame-size}
	 * @throws TcpException if the transport does not accept the push
	 */
	public void sendToListener(String listenerName, byte[] frame) {
		checkName(listenerName, "listenerName");
		publish(PushEnvelope.LISTENER, TcpPushTarget.LISTENER, listenerName, checkFrame(frame, "frame"), false);
	}

	/**
	 * Return whether pushes get through the transport.
	 * @return the status
	 */
	public TcpPushStatus status() {
		return this.link.status();
	}

	private void publish(byte kind, TcpPushTarget target, String name, byte[] frame, boolean text) {
		byte[] targetBytes = name.getBytes(StandardCharsets.UTF_8);
		if (targetBytes.length > PushEnvelope.MAX_TARGET_SIZE) {
			throw new IllegalArgumentException("Push target " + PeerText.quote(name) + " has " + targetBytes.length
					+ " bytes in UTF-8, more than the " + PushEnvelope.MAX_TARGET_SIZE + " allowed");
		}
		PushLink.Failure failure = this.link.failure();
		if (failure != null) {
			this.observer.failed(TcpPushFailure.BROKER);
			throw new TcpException(
					"Push to " + target.tag() + " " + PeerText.quote(name) + " not sent: transport '"
							+ this.link.transport() + "' has been failing since " + failure.since() + " ("
							+ failure.cause() + "); pushes fail at once until a heartbeat gets through",
					failure.cause());
		}
		byte[] message = PushEnvelope.encode(kind, text, this.origin, PushDelivery.epochMicros(), System.nanoTime(),
				targetBytes, frame);
		try {
			if (this.pipelined != null) {
				this.pipelined.publish(message);
			}
			else {
				send(message);
			}
		}
		catch (RuntimeException ex) {
			this.observer.failed(TcpPushFailure.BROKER);
			throw new TcpException("Push to " + target.tag() + " " + PeerText.quote(name) + " not sent: transport '"
					+ this.link.transport() + "' did not accept it: " + ex.getMessage(), ex);
		}
		this.observer.published(target);
	}

	private void publishHeartbeat() {
		byte[] message = PushEnvelope.encode(PushEnvelope.HEARTBEAT, false, this.origin, PushDelivery.epochMicros(),
				System.nanoTime(), new byte[0], new byte[0]);
		send(message);
	}

	/**
	 * Hand an envelope to the channel and wait until it is sent (the heartbeat, and every
	 * push on a channel that is not pipelined); any failure closes publishing until a
	 * publish gets through again.
	 */
	private void send(byte[] message) {
		boolean sent;
		try {
			sent = this.channel.send(new GenericMessage<>(message), this.sendTimeoutMillis);
		}
		catch (RuntimeException ex) {
			this.link.publishFailed(ex);
			throw ex;
		}
		if (!sent) {
			IllegalStateException ex = new IllegalStateException(
					"the channel did not accept the message within " + this.sendTimeoutMillis + " ms");
			this.link.publishFailed(ex);
			throw ex;
		}
		this.link.published();
	}

	private byte[] checkFrame(byte @Nullable [] frame, String argument) {
		if (frame == null || frame.length == 0) {
			throw new IllegalArgumentException("Argument '" + argument + "' must not be "
					+ ((frame == null) ? "null" : "empty") + ": a push is one non-empty frame");
		}
		if (frame.length > this.maxFrameSize) {
			throw new IllegalArgumentException("Argument '" + argument + "' has " + frame.length
					+ " bytes, more than tcp.push.max-frame-size (" + this.maxFrameSize + " bytes)");
		}
		return frame;
	}

	private static void checkName(@Nullable String name, String argument) {
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("Argument '" + argument + "' must be a non-empty string, but was "
					+ ((name == null) ? "null" : "empty"));
		}
	}

	/**
	 * Subscribe this instance's delivery to the channel and start the heartbeat.
	 */
	@Override
	public void start() {
		if (!this.running) {
			this.channel.subscribe(this.delivery);
			if (this.heartbeat != null) {
				this.heartbeat.start();
			}
			this.running = true;
		}
	}

	/**
	 * Stop the heartbeat and stop delivering pushes to this instance's connections.
	 */
	@Override
	public void stop() {
		if (this.running) {
			this.running = false;
			if (this.heartbeat != null) {
				this.heartbeat.stop();
			}
			this.channel.unsubscribe(this.delivery);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * How a {@link TcpPush} is set up.
	 *
	 * @param transport the transport's name, for status and messages
	 * @param topic the Redis channel or Kafka topic, or {@code null} for an in-memory
	 * channel
	 * @param maxFrameSize the largest frame a push may carry, in bytes; larger messages
	 * on the channel are ignored
	 * @param sendTimeout how long a {@code sendTo…} call may wait for the channel
	 * @param heartbeatInterval how often to publish a heartbeat, or {@code null} for an
	 * in-memory channel that cannot fail
	 * @param maxInFlight on a {@link PipelinedPushChannel}, the most pushes that may wait
	 * for the broker's answer at once; a push beyond it waits for room, at most
	 * {@code sendTimeout}
	 */
	public record Settings(String transport, @Nullable String topic, int maxFrameSize, Duration sendTimeout,
			@Nullable Duration heartbeatInterval, int maxInFlight) {

	}

}
