package dev.tcpstarter.push;

import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.SubscribableChannel;

/**
 * A push channel that publishes without waiting for the broker's answer, so that one
 * thread calling {@code sendTo…} in a loop is not held to one push per broker round trip.
 * {@link TcpPush} publishes pushes with {@link #publish} on such a channel, and still
 * sends its heartbeat with {@link #send(org.springframework.messaging.Message, long)},
 * which waits for the answer and is the only call that may (re)connect. The {@code redis}
 * transport's channel is one; an application's own {@code tcpPushChannel} may be one too.
 * <p>
 * What {@link TcpPush} relies on:
 * <ul>
 * <li>{@link #publish} never waits for a connection: when the client is not connected it
 * throws at once;</li>
 * <li>envelopes are published in the order of the {@link #publish} calls that returned
 * (one connection to the broker);</li>
 * <li>every returned future completes: with the broker's answer, or exceptionally when
 * the publish failed after it was accepted (the connection was lost, or no answer came
 * within the send timeout).</li>
 * </ul>
 * {@link TcpPush} bounds how many of its publishes are unanswered at once
 * ({@code tcp.push.max-in-flight}).
 */
public interface PipelinedPushChannel extends SubscribableChannel {

	/**
	 * Publish one envelope without waiting for the broker's answer.
	 * @param envelope the encoded push, as the subscribers of the channel receive it
	 * @return a future completed when the broker answered, or exceptionally when the
	 * publish failed after it was accepted
	 * @throws RuntimeException if the publish was not accepted (not connected)
	 */
	CompletableFuture<?> publish(byte[] envelope);

}
