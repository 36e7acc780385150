package dev.tcpstarter.benchmarks.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * RESP framing for a client: {@link #serialize} writes a command that is already
 * RESP-encoded, as is; {@link #deserialize} reads one complete reply (simple string,
 * error, integer, bulk string, or an array of those, nested) and returns its exact bytes.
 * Header bytes are read one at a time (the client's stream is buffered), bulk bodies in
 * one read. Stateless: one instance serves every connection.
 */
public class RespReplyCodec extends AbstractByteArraySerializer {

	public RespReplyCodec() {
		setMaxMessageSize(64 * 1024);
	}

	@Override
	public void serialize(byte[] command, OutputStream out) throws IOException {
		out.write(command);
	}

	@Override
	public byte[] deserialize(InputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			throw new SoftEndOfStreamException("Stream closed between replies");
		}
		ByteArrayOutputStream reply = new ByteArrayOutputStream(64);
		readReply(first, in, reply);
		return reply.toByteArray();
	}

	private void readReply(int type, InputStream in, ByteArrayOutputStream reply) throws IOException {
		reply.write(type);
		long header = readLine(in, reply, type == '$' || type == '*');
		if (type == '$' && header >= 0) {
			if (header + 2 > getMaxMessageSize()) {
				throw new IOException("RESP bulk string of " + header + " bytes exceeds " + getMaxMessageSize());
			}
			byte[] body = in.readNBytes((int) header + 2);
			if (body.length < header + 2) {
				throw new IOException("Stream closed inside a bulk string");
			}
			reply.write(body);
		}
		else if (type == '*') {
			for (long i = 0; i < header; i++) {
				int next = in.read();
				if (next < 0) {
					throw new IOException("Stream closed inside an array");
				}
				readReply(next, in, reply);
			}
		}
	}

	/**
	 * Copy one line up to and including CRLF; return its number when it is a length.
	 */
	private static long readLine(InputStream in, ByteArrayOutputStream reply, boolean number) throws IOException {
		long value = 0;
		boolean negative = false;
		int b;
		while ((b = in.read()) != '\r') {
			if (b < 0) {
				throw new IOException("Stream closed inside a reply header");
			}
			reply.write(b);
			if (number) {
				if (b == '-') {
					negative = true;
				}
				else {
					value = value * 10 + (b - '0');
				}
			}
		}
		reply.write(b);
		int lf = in.read();
		if (lf != '\n') {
			throw new IOException("Expected LF after CR in a RESP reply");
		}
		reply.write(lf);
		return negative ? -value : value;
	}

}
