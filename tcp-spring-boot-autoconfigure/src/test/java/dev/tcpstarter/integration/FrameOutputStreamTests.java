package dev.tcpstarter.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's buffer: small while frames are small, grown so that a frame leaves with
 * its header in one socket write, bypassed by frames larger than 64 KiB, and given back
 * once a flush uses little of it. Its size is observed through socket writes and, where
 * writes cannot tell, through the bytes the writing thread allocates: a buffer that has
 * to grow for a 300-byte frame was back at its initial 256 bytes.
 */
class FrameOutputStreamTests {

	private static final int MAX = 64 * 1024;

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	@Test
	void shouldBufferSmallFramesUntilTheFlush() throws IOException {
		RecordingStream socket = new RecordingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		LengthPrefixFraming codec = new LengthPrefixFraming(2);
		for (int i = 0; i < 10; i++) {
			codec.serialize(new byte[10], out);
		}
		assertThat(socket.writes).isEmpty();
		assertThat(out.hasBuffered()).isTrue();
		assertThat(out.bytesWritten()).isZero();
		assertThat(out.bytesAccepted()).isEqualTo(120);
		out.flush();
		assertThat(socket.writes).containsExactly(120);
		assertThat(socket.flushes).isEqualTo(1);
		assertThat(out.hasBuffered()).isFalse();
		assertThat(out.bytesWritten()).isEqualTo(120);
	}

	@Test
	void shouldGrowSoThatAFrameLeavesWithItsHeaderInOneWrite() throws IOException {
		RecordingStream socket = new RecordingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		new LengthPrefixFraming(4).serialize(new byte[40_000], out);
		out.flush();
		assertThat(socket.writes).containsExactly(40_004);
	}

	@Test
	void shouldWriteALineAndItsDelimiterInOneWrite() throws IOException {
		RecordingStream socket = new RecordingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		DelimitedFraming.lf().serialize(new byte[512], out);
		out.flush();
		// a frame whose payload is exactly as large as the buffer grows to must not
		// leave apart from its delimiter
		assertThat(socket.writes).containsExactly(513);
	}

	@Test
	void shouldBufferWritesSmallerThan64KiBUntilTheBufferIsFull() throws IOException {
		RecordingStream socket = new RecordingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		byte[] chunk = new byte[1024];
		for (int i = 0; i < 100; i++) {
			out.write(chunk);
		}
		out.flush();
		// one socket write per 64 KiB, as documented, not one per 1 KiB frame
		assertThat(socket.writes).containsExactly(MAX, 100 * 1024 - MAX);
	}

	@Test
	void shouldWriteAFrameLargerThan64KiBStraightToTheSocket() throws IOException {
		RecordingStream socket = new RecordingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		byte[] large = new byte[100 * 1024];
		new LengthPrefixFraming(4).serialize(large, out);
		assertThat(socket.writes).containsExactly(4, large.length);
		// not copied
		assertThat(socket.arrays.get(1)).isSameAs(large);
		assertThat(out.hasBuffered()).isFalse();
		out.flush();
		assertThat(socket.writes).hasSize(2);
		assertThat(out.bytesWritten()).isEqualTo(4 + large.length);
	}

	@Test
	void shouldGoBackToTheInitialSizeAfterALargeFrame() throws IOException {
		CountingStream socket = new CountingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		byte[] frame = new byte[60 * 1024];
		byte[] small = new byte[300];
		out.write(frame);
		out.flush();
		// the buffer has grown to 64 KiB: a 300-byte frame fits without allocating, and
		// flushes that use little of it keep it for a while (no shrink and grow again)
		for (int i = 1; i < FrameOutputStream.SHRINK_AFTER; i++) {
			assertThat(allocatedBy(() -> out.write(small))).isLessThan(128);
			assertThat(allocatedBy(out::flush)).isLessThan(128);
		}
		// the next one gives it back
		out.write(small);
		assertThat(allocatedBy(out::flush)).isGreaterThanOrEqualTo(256);
		// back at 256 bytes: the next 300-byte frame makes it grow again
		assertThat(allocatedBy(() -> out.write(small))).isGreaterThanOrEqualTo(512);
		assertThat(socket.bytes).isEqualTo(frame.length + (long) FrameOutputStream.SHRINK_AFTER * small.length);
	}

	@Test
	void shouldKeepAGrownBufferWhileFlushesUseAQuarterOfIt() throws IOException {
		CountingStream socket = new CountingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		byte[] quarter = new byte[MAX / 4];
		byte[] small = new byte[300];
		out.write(new byte[60 * 1024]);
		out.flush();
		out.write(quarter);
		assertThat(allocatedBy(out::flush)).isLessThan(128);
		// still 64 KiB
		assertThat(allocatedBy(() -> out.write(small))).isLessThan(128);
	}

	@Test
	void shouldWriteSmallFramesWithoutAllocatingOnceSmall() throws IOException {
		CountingStream socket = new CountingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		byte[] small = new byte[100];
		// warm up the paths measured below
		for (int i = 0; i < 1000; i++) {
			out.write(small);
			out.flush();
		}
		long allocated = allocatedBy(() -> {
			for (int i = 0; i < 1000; i++) {
				out.write(small);
				out.flush();
			}
		});
		assertThat(allocated).isLessThan(1024);
	}

	@Test
	void shouldFlushAndCloseTheSocketStreamOnClose() throws IOException {
		RecordingStream socket = new RecordingStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		out.write('x');
		out.close();
		assertThat(socket.writes).containsExactly(1);
		assertThat(socket.closed).isTrue();
	}

	@Test
	void shouldWriteSingleBytesThroughTheBuffer() throws IOException {
		ByteArrayOutputStream socket = new ByteArrayOutputStream();
		FrameOutputStream out = new FrameOutputStream(socket);
		for (int i = 0; i < 1000; i++) {
			out.write(i);
		}
		out.flush();
		byte[] written = socket.toByteArray();
		assertThat(written).hasSize(1000);
		for (int i = 0; i < 1000; i++) {
			assertThat(written[i]).isEqualTo((byte) i);
		}
	}

	private long allocatedBy(IoAction action) throws IOException {
		long before = this.threads.getCurrentThreadAllocatedBytes();
		action.run();
		return this.threads.getCurrentThreadAllocatedBytes() - before;
	}

	@FunctionalInterface
	interface IoAction {

		void run() throws IOException;

	}

	/**
	 * Records each write that reaches the socket.
	 */
	static final class RecordingStream extends OutputStream {

		final List<Integer> writes = new ArrayList<>();

		final List<byte[]> arrays = new ArrayList<>();

		int flushes;

		boolean closed;

		@Override
		public void write(int value) {
			this.writes.add(1);
			this.arrays.add(null);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.writes.add(length);
			this.arrays.add(bytes);
		}

		@Override
		public void flush() {
			this.flushes++;
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	/**
	 * Counts what reaches the socket without allocating.
	 */
	static final class CountingStream extends OutputStream {

		long bytes;

		@Override
		public void write(int value) {
			this.bytes++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.bytes += length;
		}

	}

}
