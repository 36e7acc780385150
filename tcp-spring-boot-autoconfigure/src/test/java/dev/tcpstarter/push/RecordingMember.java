package dev.tcpstarter.push;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PushMember} that records the frames it is sent, standing in for a connection
 * until the listener's sessions implement it.
 */
class RecordingMember implements PushMember {

	private final String id;

	private final String listenerName;

	private final Charset charset;

	private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();

	private volatile String lastSender = "";

	RecordingMember(String id) {
		this(id, "main", StandardCharsets.UTF_8);
	}

	RecordingMember(String id, String listenerName, Charset charset) {
		this.id = id;
		this.listenerName = listenerName;
		this.charset = charset;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String listenerName() {
		return this.listenerName;
	}

	@Override
	public Charset charset() {
		return this.charset;
	}

	@Override
	public void send(byte[] frame) {
		this.lastSender = Thread.currentThread().getName();
		this.frames.add(frame);
	}

	/**
	 * Wait for the next frame.
	 */
	byte[] next() throws InterruptedException {
		byte[] frame = this.frames.poll(10, TimeUnit.SECONDS);
		if (frame == null) {
			throw new AssertionError("No frame reached member " + this.id + " within 10 s");
		}
		return frame;
	}

	/**
	 * Return the name of the thread that sent the last frame.
	 */
	String lastSender() {
		return this.lastSender;
	}

	String nextText() throws InterruptedException {
		return new String(next(), this.charset);
	}

	/**
	 * Take the frames received so far.
	 */
	List<String> drainText() {
		List<byte[]> taken = new ArrayList<>();
		this.frames.drainTo(taken);
		return taken.stream().map((frame) -> new String(frame, this.charset)).toList();
	}

	int pending() {
		return this.frames.size();
	}

	@Override
	public String toString() {
		return this.id;
	}

}
