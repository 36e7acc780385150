package dev.tcpstarter.benchmarks.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RESP command set shared by every server variant: PING, ECHO, SET, GET, DEL, INCR,
 * and harmless replies to what {@code redis-benchmark} sends at start ({@code CONFIG GET}
 * gives an empty array, anything else {@code +OK}). {@link #execute} takes one complete
 * command as framed by {@link RespCodec} (or the Netty decoder) and returns the encoded
 * reply, or {@code null} when there is nothing to answer (an empty line). Thread-safe;
 * one instance is one key space.
 */
public final class RespCommands {

	static final byte[] PONG = ascii("+PONG\r\n");

	static final byte[] OK = ascii("+OK\r\n");

	static final byte[] NULL_BULK = ascii("$-1\r\n");

	static final byte[] EMPTY_ARRAY = ascii("*0\r\n");

	static final byte[] ZERO = ascii(":0\r\n");

	static final byte[] ONE = ascii(":1\r\n");

	static final byte[] NOT_AN_INTEGER = ascii("-ERR value is not an integer or out of range\r\n");

	static final byte[] PROTOCOL_ERROR = ascii("-ERR Protocol error\r\n");

	private static final byte[] CMD_PING = ascii("PING");

	private static final byte[] CMD_ECHO = ascii("ECHO");

	private static final byte[] CMD_SET = ascii("SET");

	private static final byte[] CMD_GET = ascii("GET");

	private static final byte[] CMD_DEL = ascii("DEL");

	private static final byte[] CMD_INCR = ascii("INCR");

	private static final byte[] CMD_CONFIG = ascii("CONFIG");

	private static final byte[][] NO_ARGS = new byte[0][];

	private final ConcurrentHashMap<Key, byte[]> store = new ConcurrentHashMap<>();

	public byte[] execute(byte[] command) {
		byte[][] args;
		try {
			args = parse(command);
		}
		catch (RuntimeException ex) {
			return PROTOCOL_ERROR;
		}
		if (args.length == 0) {
			return null;
		}
		byte[] name = args[0];
		if (is(name, CMD_GET)) {
			if (args.length != 2) {
				return arity("get");
			}
			byte[] value = this.store.get(new Key(args[1]));
			return value == null ? NULL_BULK : bulk(value);
		}
		if (is(name, CMD_SET)) {
			if (args.length < 3) {
				return arity("set");
			}
			this.store.put(new Key(args[1]), args[2]); // options (EX, NX, ...) are
														// accepted and ignored
			return OK;
		}
		if (is(name, CMD_PING)) {
			if (args.length > 2) {
				return arity("ping");
			}
			return args.length == 1 ? PONG : bulk(args[1]);
		}
		if (is(name, CMD_ECHO)) {
			return args.length == 2 ? bulk(args[1]) : arity("echo");
		}
		if (is(name, CMD_INCR)) {
			return args.length == 2 ? incr(new Key(args[1])) : arity("incr");
		}
		if (is(name, CMD_DEL)) {
			if (args.length < 2) {
				return arity("del");
			}
			long removed = 0;
			for (int i = 1; i < args.length; i++) {
				if (this.store.remove(new Key(args[i])) != null) {
					removed++;
				}
			}
			return removed == 0 ? ZERO : removed == 1 ? ONE : integer(removed);
		}
		if (is(name, CMD_CONFIG)) {
			return EMPTY_ARRAY; // CONFIG GET save / appendonly at redis-benchmark start
		}
		return OK;
	}

	private byte[] incr(Key key) {
		long[] result = new long[1];
		try {
			this.store.compute(key, (k, old) -> {
				long value = (old == null) ? 0 : parseLong(old);
				if (value == Long.MAX_VALUE) {
					throw new NumberFormatException();
				}
				result[0] = value + 1;
				return ascii(Long.toString(result[0]));
			});
		}
		catch (NumberFormatException ex) {
			return NOT_AN_INTEGER;
		}
		return integer(result[0]);
	}

	/** Splits a RESP array of bulk strings, or an inline command, into its arguments. */
	static byte[][] parse(byte[] c) {
		if (c.length == 0) {
			return NO_ARGS;
		}
		if (c[0] == '*') {
			int[] pos = { 1 };
			int count = readDecimal(c, pos);
			if (count <= 0) {
				return NO_ARGS;
			}
			byte[][] args = new byte[count][];
			for (int k = 0; k < count; k++) {
				if (c[pos[0]++] != '$') {
					throw new IllegalArgumentException("expected '$'");
				}
				int length = readDecimal(c, pos);
				int start = pos[0];
				args[k] = Arrays.copyOfRange(c, start, start + length);
				pos[0] = start + length + 2;
			}
			return args;
		}
		List<byte[]> args = new ArrayList<>(3);
		int end = c.length;
		while (end > 0 && (c[end - 1] == '\n' || c[end - 1] == '\r')) {
			end--;
		}
		int i = 0;
		while (i < end) {
			while (i < end && (c[i] == ' ' || c[i] == '\t')) {
				i++;
			}
			int start = i;
			while (i < end && c[i] != ' ' && c[i] != '\t') {
				i++;
			}
			if (i > start) {
				args.add(Arrays.copyOfRange(c, start, i));
			}
		}
		return args.toArray(NO_ARGS);
	}

	/** Reads {@code [-]digits\r\n} at pos[0] and leaves pos[0] after the LF. */
	private static int readDecimal(byte[] c, int[] pos) {
		int i = pos[0];
		boolean negative = c[i] == '-';
		if (negative) {
			i++;
		}
		int value = 0;
		while (c[i] != '\r') {
			value = value * 10 + (c[i++] - '0');
		}
		pos[0] = i + 2;
		return negative ? -value : value;
	}

	/** ASCII case-insensitive comparison against an upper-case command name. */
	private static boolean is(byte[] arg, byte[] upperName) {
		if (arg.length != upperName.length) {
			return false;
		}
		for (int i = 0; i < arg.length; i++) {
			int b = arg[i];
			if (b >= 'a' && b <= 'z') {
				b -= 32;
			}
			if (b != upperName[i]) {
				return false;
			}
		}
		return true;
	}

	private static long parseLong(byte[] value) {
		if (value.length == 0 || value.length > 20) {
			throw new NumberFormatException();
		}
		return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
	}

	static byte[] bulk(byte[] value) {
		byte[] length = ascii(Integer.toString(value.length));
		byte[] reply = new byte[1 + length.length + 2 + value.length + 2];
		reply[0] = '$';
		System.arraycopy(length, 0, reply, 1, length.length);
		int i = 1 + length.length;
		reply[i++] = '\r';
		reply[i++] = '\n';
		System.arraycopy(value, 0, reply, i, value.length);
		i += value.length;
		reply[i++] = '\r';
		reply[i] = '\n';
		return reply;
	}

	static byte[] integer(long value) {
		return ascii(":" + value + "\r\n");
	}

	private static byte[] arity(String command) {
		return ascii("-ERR wrong number of arguments for '" + command + "' command\r\n");
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	/** A byte[] map key with content equality. */
	private static final class Key {

		private final byte[] bytes;

		private final int hash;

		Key(byte[] bytes) {
			this.bytes = bytes;
			this.hash = Arrays.hashCode(bytes);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && this.hash == key.hash && Arrays.equals(this.bytes, key.bytes);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
