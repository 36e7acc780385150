package dev.tcpstarter.push;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import dev.tcpstarter.integration.PeerText;

/**
 * The subscriber of every instance: decodes each envelope from the channel and queues its
 * frame on this instance's matching connections with {@link PushMember#send}, which never
 * blocks, so the thread of the channel (the publisher's thread for {@code local}, the
 * thread that read the message from the broker otherwise) never waits for a connection.
 * It never throws: a message that is not an envelope is counted and logged (at most once
 * a minute), and a connection that refuses its frame is counted and skipped.
 */
final class PushDelivery implements MessageHandler {

	private static final Log logger = LogFactory.getLog(PushDelivery.class);

	private final PushRegistry registry;

	private final PushLink link;

	private final long origin;

	private final int maxFrameSize;

	private final TcpPushObserver observer;

	private final OncePerMinuteLog malformed = new OncePerMinuteLog(logger);

	PushDelivery(PushRegistry registry, PushLink link, long origin, int maxFrameSize, TcpPushObserver observer) {
		this.registry = registry;
		this.link = link;
		this.origin = origin;
		this.maxFrameSize = maxFrameSize;
		this.observer = observer;
	}

	@Override
	public void handleMessage(Message<?> message) {
		Object payload = message.getPayload();
		if (!(payload instanceof byte[] bytes)) {
			ignored(false, "a " + payload.getClass().getName() + " payload where a byte[] envelope was expected");
			return;
		}
		PushEnvelope envelope;
		try {
			envelope = PushEnvelope.decode(bytes, this.maxFrameSize);
		}
		catch (PushEnvelope.Malformed ex) {
			ignored(ex.isOversized(), ex.getMessage() + " (" + bytes.length + " bytes starting " + hex(bytes) + ")");
			return;
		}
		if (envelope.kind() == PushEnvelope.HEARTBEAT) {
			if (envelope.origin() == this.origin) {
				this.link.heartbeatSeen(envelope.publishedNanos());
			}
			return;
		}
		int delivered = deliver(envelope);
		if (delivered > 0) {
			this.observer.delivered(delivered, elapsedNanos(envelope), envelope.origin() != this.origin);
		}
	}

	private int deliver(PushEnvelope envelope) {
		Frames frames = new Frames(envelope);
		switch (envelope.kind()) {
			case PushEnvelope.GROUP -> {
				int delivered = 0;
				for (PushMember member : this.registry.group(envelope.target())) {
					delivered += offer(member, frames);
				}
				return delivered;
			}
			case PushEnvelope.CONNECTION -> {
				PushMember member = this.registry.connection(envelope.target());
				return (member != null) ? offer(member, frames) : 0;
			}
			default -> {
				int delivered = 0;
				for (PushMember member : this.registry.listener(envelope.target())) {
					delivered += offer(member, frames);
				}
				return delivered;
			}
		}
	}

	private int offer(PushMember member, Frames frames) {
		try {
			member.send(frames.forMember(member));
			return 1;
		}
		catch (RuntimeException ex) {
			// closed meanwhile, or its framing refused the frame: only this one misses it
			this.observer.failed(TcpPushFailure.CONNECTION);
			if (logger.isDebugEnabled()) {
				logger.debug("Push not queued on connection " + PeerText.quote(member.id()) + ": " + ex);
			}
			return 0;
		}
	}

	private long elapsedNanos(PushEnvelope envelope) {
		if (envelope.origin() == this.origin) {
			return Math.max(0, System.nanoTime() - envelope.publishedNanos());
		}
		return Math.max(0, epochMicros() - envelope.publishedMicros()) * 1000;
	}

	private void ignored(boolean oversized, String why) {
		this.observer.failed(oversized ? TcpPushFailure.OVERSIZED : TcpPushFailure.MALFORMED);
		this.malformed.warn("Ignored a message on the push channel: " + why);
	}

	static long epochMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(bytes.length, 16); i++) {
			hex.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
		}
		return hex.toString();
	}

	/**
	 * The frame of one push for each member: the bytes as published, or for a text push
	 * the text in each member's charset, encoded once per charset (the wire carries
	 * UTF-8, so UTF-8 listeners get the published bytes as they are).
	 */
	private static final class Frames {

		private final PushEnvelope envelope;

		private @Nullable String text;

		private @Nullable Charset lastCharset;

		private byte @Nullable [] lastEncoded;

		Frames(PushEnvelope envelope) {
			this.envelope = envelope;
		}

		byte[] forMember(PushMember member) {
			if (!this.envelope.text()) {
				return this.envelope.frame();
			}
			Charset charset = member.charset();
			if (charset.equals(StandardCharsets.UTF_8)) {
				return this.envelope.frame();
			}
			byte[] encoded = this.lastEncoded;
			if (encoded != null && charset.equals(this.lastCharset)) {
				return encoded;
			}
			String text = this.text;
			if (text == null) {
				text = new String(this.envelope.frame(), StandardCharsets.UTF_8);
				this.text = text;
			}
			encoded = text.getBytes(charset);
			this.lastCharset = charset;
			this.lastEncoded = encoded;
			return encoded;
		}

	}

}
