package dev.tcpstarter.benchmarks.push;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of the processes of a benchmark run: others from {@code /proc/<pid>/stat}
 * (user + system, in clock ticks of {@code PUSH_CLK_TCK}, default 100 per second), this
 * one from the JVM in nanoseconds, named {@code load}. The processes come from the
 * environment: {@code PUSH_PIDS=A:123,B:456,redis:789}.
 */
final class ProcessCpu {

	private final List<String> names = new ArrayList<>();

	private final List<Long> pids = new ArrayList<>();

	private final double tickNanos;

	private ProcessCpu(String spec, int ticksPerSecond) {
		for (String entry : spec.split(",")) {
			String[] parts = entry.trim().split(":");
			if (parts.length == 2) {
				this.names.add(parts[0]);
				this.pids.add(Long.parseLong(parts[1]));
			}
		}
		this.names.add("load");
		this.tickNanos = 1e9 / ticksPerSecond;
	}

	static ProcessCpu fromEnvironment() {
		return new ProcessCpu(System.getenv().getOrDefault("PUSH_PIDS", ""),
				Integer.parseInt(System.getenv().getOrDefault("PUSH_CLK_TCK", "100")));
	}

	/**
	 * Return the CPU time of every process so far, in nanoseconds (-1 for a process that
	 * is gone), in the order of {@link #names}.
	 */
	long[] snapshot() {
		long[] nanos = new long[this.names.size()];
		for (int i = 0; i < this.pids.size(); i++) {
			nanos[i] = ticks(this.pids.get(i));
		}
		nanos[nanos.length
				- 1] = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
					.getProcessCpuTime();
		return nanos;
	}

	/**
	 * Return the CPU time a process used between two snapshots, in microseconds, or -1
	 * when it is not known.
	 */
	double micros(String name, long[] before, long[] after) {
		int i = this.names.indexOf(name);
		if (i < 0 || before[i] < 0 || after[i] < 0) {
			return -1;
		}
		return (after[i] - before[i]) / 1e3;
	}

	/**
	 * Print the CPU time per unit of every process between two snapshots, and the load
	 * generator's busy share of one core over the elapsed time.
	 */
	void print(String test, String unit, long units, long[] before, long[] after, long elapsedNanos) {
		StringBuilder line = new StringBuilder("CPU\t").append(test).append("\tus per ").append(unit);
		for (String name : this.names) {
			double micros = micros(name, before, after);
			line.append('\t').append(name).append('\t').append((micros < 0) ? "?" : format(micros / units));
		}
		double load = micros("load", before, after) * 1e3;
		line.append("\tload-busy\t").append(Math.round(100 * load / elapsedNanos)).append("%");
		System.out.println(line);
	}

	private static String format(double micros) {
		return (micros < 10) ? String.format("%.2f", micros) : String.format("%.1f", micros);
	}

	private long ticks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// fields after the command name, which may contain spaces: utime and stime
			// are fields 14 and 15 of the line, 12 and 13 after the name
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Math.round((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * this.tickNanos);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
