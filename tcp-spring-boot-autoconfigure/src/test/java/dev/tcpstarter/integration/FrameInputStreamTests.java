package dev.tcpstarter.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reader's buffer: it grows while reads fill it, goes back to its initial size once
 * reads stop doing so (after a large frame), and notes when each frame started. Its size
 * is observed as the length each read asks of the underlying stream.
 */
class FrameInputStreamTests {

	private static final int INITIAL = 2048;

	private static final int MAX = 64 * 1024;

	@Test
	void shouldDoubleTheBufferWhileReadsFillItUpTo64KiB() throws IOException {
		Source source = new Source(new byte[512 * 1024]);
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		byte[] chunk = new byte[100];
		while (source.requested.size() < 8) {
			in.read(chunk, 0, chunk.length);
		}
		assertThat(source.requested).containsExactly(2048, 4096, 8192, 16384, 32768, MAX, MAX, MAX);
	}

	@Test
	void shouldGoBackToTheInitialSizeWhenAReadUsesLittleOfAGrownBuffer() throws IOException {
		Source source = new Source(new byte[512 * 1024]);
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		readUntilRequested(in, source, MAX);
		// the peer slows down: a read delivers 100 bytes; the buffer is kept while that
		// lasts SHRINK_AFTER reads (one short read between full ones changes nothing)
		source.cap(100);
		int before = source.requested.size();
		readUntilRequests(in, source, before + FrameInputStream.SHRINK_AFTER + 2);
		List<Integer> after = source.requested.subList(before, before + FrameInputStream.SHRINK_AFTER + 2);
		assertThat(after.subList(0, FrameInputStream.SHRINK_AFTER)).containsOnly(MAX);
		assertThat(after.get(FrameInputStream.SHRINK_AFTER)).isEqualTo(INITIAL);
	}

	@Test
	void shouldKeepAGrownBufferWhileReadsUseAQuarterOfIt() throws IOException {
		Source source = new Source(new byte[512 * 1024]);
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		readUntilRequested(in, source, MAX);
		source.cap(MAX / 4);
		int before = source.requested.size();
		readUntilRequests(in, source, before + 3);
		assertThat(source.requested.subList(before, before + 3)).containsOnly(MAX);
	}

	@Test
	void shouldKeepAGrownBufferWhenShortReadsComeBetweenFullOnes() throws IOException {
		Source source = new Source(new byte[4 * 1024 * 1024]);
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		readUntilRequested(in, source, MAX);
		int before = source.requested.size();
		for (int i = 0; i < 10; i++) {
			// a short read, then a full one: no reason to shrink and grow again
			source.cap((i % 2 == 0) ? 100 : Integer.MAX_VALUE);
			readUntilRequests(in, source, source.requested.size() + 1);
		}
		assertThat(source.requested.subList(before, source.requested.size())).containsOnly(MAX);
	}

	@Test
	void shouldShrinkFromAnIntermediateSize() throws IOException {
		Source source = new Source(new byte[64 * 1024]);
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		readUntilRequested(in, source, 8192);
		source.cap(10);
		int before = source.requested.size();
		readUntilRequests(in, source, before + FrameInputStream.SHRINK_AFTER + 2);
		// the 8 KiB read filled its buffer, so the next ones ask for 16 KiB; they deliver
		// little, and after SHRINK_AFTER of them the buffer goes back to its initial size
		List<Integer> after = source.requested.subList(before, before + FrameInputStream.SHRINK_AFTER + 2);
		assertThat(after.subList(0, FrameInputStream.SHRINK_AFTER)).containsOnly(16384);
		assertThat(after.get(FrameInputStream.SHRINK_AFTER)).isEqualTo(INITIAL);
	}

	@Test
	void shouldGoBackToTheInitialSizeAfterALargeDelimitedFrame() throws IOException {
		byte[] large = new byte[1024 * 1024 + 1];
		Arrays.fill(large, (byte) 'x');
		large[large.length - 1] = '\n';
		int smalls = FrameInputStream.SHRINK_AFTER + 2;
		byte[][] chunks = new byte[smalls + 1][];
		chunks[0] = large;
		for (int i = 1; i <= smalls; i++) {
			chunks[i] = line("small " + i);
		}
		Source source = new Source(chunks);
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		DelimitedFraming codec = DelimitedFraming.lf();
		codec.setMaxMessageSize(2 * 1024 * 1024);
		assertThat(codec.deserialize(in)).hasSize(large.length - 1);
		assertThat(source.requested).contains(MAX);
		int afterLarge = source.requested.size();
		for (int i = 1; i <= smalls; i++) {
			assertThat(new String(codec.deserialize(in), StandardCharsets.US_ASCII)).isEqualTo("small " + i);
		}
		List<Integer> requestedAfter = source.requested.subList(afterLarge, source.requested.size());
		assertThat(requestedAfter).isNotEmpty();
		assertThat(requestedAfter.get(requestedAfter.size() - 1)).isEqualTo(INITIAL);
	}

	@Test
	void shouldReadALargeLengthPrefixedFrameAroundTheBufferAndKeepItSmall() throws IOException {
		byte[] large = new byte[1024 * 1024];
		byte[] header = { 0, 0x10, 0, 0 };
		Source source = new Source(concat(header, large), prefixed("small"));
		FrameInputStream in = new FrameInputStream(source, INITIAL, null);
		LengthPrefixFraming codec = new LengthPrefixFraming(4);
		codec.setMaxMessageSize(2 * 1024 * 1024);
		assertThat(codec.deserialize(in)).hasSize(large.length);
		assertThat(new String(codec.deserialize(in), StandardCharsets.US_ASCII)).isEqualTo("small");
		// the frame's bytes bypassed the buffer, which never grew beyond one doubling
		assertThat(source.requested.stream().filter((length) -> length <= MAX).toList())
			.allMatch((length) -> length <= 2 * INITIAL);
		assertThat(in.bytesRead()).isEqualTo(4 + large.length + 4 + 5);
	}

	@Test
	void shouldRunTheHookBeforeEachReadOfTheUnderlyingStreamOnly() throws IOException {
		AtomicInteger hooks = new AtomicInteger();
		Source source = new Source(line("one"), line("two"));
		FrameInputStream in = new FrameInputStream(source, INITIAL, hooks::incrementAndGet);
		assertThat(in.read()).isEqualTo('o');
		assertThat(hooks).hasValue(1);
		assertThat(in.available()).isEqualTo(3);
		in.read(new byte[3], 0, 3);
		assertThat(hooks).hasValue(1);
		in.read();
		assertThat(hooks).hasValue(2);
		assertThat(in.bytesRead()).isEqualTo(8);
	}

	@Test
	void shouldNotTimeFramesUnlessAsked() throws IOException {
		FrameInputStream in = new FrameInputStream(new Source(line("one")), INITIAL, null);
		in.read();
		assertThat(in.frameStartedAt()).isZero();
	}

	@Test
	void shouldNoteWhenTheFirstByteOfAFrameIsConsumed() throws IOException {
		FrameInputStream in = new FrameInputStream(new Source(line("one"), line("two")), INITIAL, null, true);
		assertThat(in.frameStartedAt()).isZero();
		long before = System.nanoTime();
		in.read();
		long started = in.frameStartedAt();
		assertThat(started).isBetween(before, System.nanoTime());
		in.read(new byte[3], 0, 3);
		assertThat(in.frameStartedAt()).isEqualTo(started);
		in.frameEnded();
		assertThat(in.frameStartedAt()).isZero();
		in.read();
		assertThat(in.frameStartedAt()).isGreaterThanOrEqualTo(started);
	}

	@Test
	void shouldTimeFramesDecodedByTheCodecs() throws IOException {
		FrameInputStream in = new FrameInputStream(new Source(concat(line("line"), prefixed("prefixed"))), INITIAL,
				null, true);
		DelimitedFraming.lf().deserialize(in);
		assertThat(in.frameStartedAt()).isNotZero();
		in.frameEnded();
		new LengthPrefixFraming(4).deserialize(in);
		assertThat(in.frameStartedAt()).isNotZero();
	}

	@Test
	void shouldTimeAFrameReadAroundTheBuffer() throws IOException {
		FrameInputStream in = new FrameInputStream(new Source(new byte[10_000]), INITIAL, null, true);
		assertThat(in.read(new byte[8192], 0, 8192)).isPositive();
		assertThat(in.frameStartedAt()).isNotZero();
	}

	@Test
	void shouldNotStartAFrameWhileWaitingForItsFirstByte() throws Exception {
		PipedOutputStream peer = new PipedOutputStream();
		FrameInputStream in = new FrameInputStream(new PipedInputStream(peer), INITIAL, null, true);
		CompletableFuture<Integer> read = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try {
				read.complete(in.read());
			}
			catch (IOException ex) {
				read.completeExceptionally(ex);
			}
		}, "reader");
		reader.setDaemon(true);
		reader.start();
		// an idle connection: the reader waits for the next frame
		await().atMost(Duration.ofSeconds(10))
			.until(() -> reader.getState() == Thread.State.TIMED_WAITING || reader.getState() == Thread.State.WAITING);
		assertThat(in.frameStartedAt()).isZero();
		long before = System.nanoTime();
		peer.write('x');
		peer.flush();
		assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo('x');
		assertThat(in.frameStartedAt()).isGreaterThanOrEqualTo(before);
	}

	@Test
	void shouldEndTheStreamWithoutStartingAFrame() throws IOException {
		FrameInputStream in = new FrameInputStream(new Source(), INITIAL, null, true);
		assertThat(in.read()).isEqualTo(-1);
		assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
		assertThat(in.frameStartedAt()).isZero();
	}

	private static void readUntilRequested(FrameInputStream in, Source source, int length) throws IOException {
		byte[] chunk = new byte[100];
		while (!source.requested.contains(length)) {
			assertThat(in.read(chunk, 0, chunk.length)).isPositive();
		}
		// consume the rest of that read
		while (in.available() > 0) {
			in.read(chunk, 0, Math.min(chunk.length, in.available()));
		}
	}

	private static void readUntilRequests(FrameInputStream in, Source source, int count) throws IOException {
		byte[] chunk = new byte[1];
		while (source.requested.size() < count) {
			assertThat(in.read(chunk, 0, 1)).isPositive();
		}
	}

	private static byte[] line(String text) {
		return (text + "\n").getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] prefixed(String text) {
		byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
		return concat(new byte[] { 0, 0, 0, (byte) payload.length }, payload);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	/**
	 * A socket's stream: each segment arrives on its own, so a read returns at most the
	 * rest of the current segment (and at most the cap, when set). Records the length
	 * each read asks for.
	 */
	static final class Source extends InputStream {

		final List<Integer> requested = new ArrayList<>();

		private final Deque<byte[]> segments = new ArrayDeque<>();

		private int position;

		private int cap = Integer.MAX_VALUE;

		Source(byte[]... segments) {
			this.segments.addAll(Arrays.asList(segments));
		}

		void cap(int cap) {
			this.cap = cap;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			this.requested.add(length);
			byte[] segment = this.segments.peek();
			if (segment == null) {
				return -1;
			}
			int count = Math.min(Math.min(length, this.cap), segment.length - this.position);
			System.arraycopy(segment, this.position, target, offset, count);
			this.position += count;
			if (this.position == segment.length) {
				this.segments.poll();
				this.position = 0;
			}
			return count;
		}

		@Override
		public int available() {
			byte[] segment = this.segments.peek();
			return (segment != null) ? segment.length - this.position : 0;
		}

	}

}
