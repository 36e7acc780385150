package dev.tcpstarter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw result lines written by {@code run.sh} into a Markdown table of medians.
 * <p>
 * Input: tab-separated
 * {@code repeat scenario test variant rps mbps p50_us p99_us cpu_us_per_req status}, one
 * line per measurement ({@code -} for not applicable, status {@code ok} or a failure
 * word). Output: one row per scenario, test and variant, with the median of each metric
 * over the successful repeats, and the median throughput divided by that of raw Netty
 * ({@code netty-*}) and of raw Spring Integration with the same transport
 * ({@code si-nio-*} for nio variants, else {@code si-net-*}) on the same JDK in the same
 * run.
 */
public final class Report {

	private Report() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, Map<String, List<String[]>>> groups = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] f = line.split("\t", -1);
			if (f.length < 10) {
				continue;
			}
			groups.computeIfAbsent(f[1] + "\t" + f[2], k -> new LinkedHashMap<>())
				.computeIfAbsent(f[3], k -> new ArrayList<>())
				.add(f);
		}
		StringBuilder out = new StringBuilder();
		out.append(
				"| Scenario | Test | Variant | req/s | MB/s | p50 µs | p99 µs | server CPU µs/req | ÷ Netty | ÷ raw SI | runs ok |\n");
		out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (var group : groups.entrySet()) {
			String[] scenarioTest = group.getKey().split("\t");
			Map<String, Double> throughput = new LinkedHashMap<>();
			group.getValue().forEach((variant, rows) -> throughput.put(variant, median(rows, 4)));
			for (var entry : group.getValue().entrySet()) {
				String variant = entry.getKey();
				List<String[]> rows = entry.getValue();
				long ok = rows.stream().filter(r -> r[9].equals("ok")).count();
				Double rps = throughput.get(variant);
				Double netty = baseline(throughput, "netty-", variant);
				Double si = baseline(throughput, variant.contains("nio") ? "si-nio-" : "si-net-", variant);
				out.append("| ")
					.append(scenarioTest[0])
					.append(" | ")
					.append(scenarioTest[1])
					.append(" | ")
					.append(variant)
					.append(" | ")
					.append(format(rps, "%,.0f"))
					.append(" | ")
					.append(format(median(rows, 5), "%,.1f"))
					.append(" | ")
					.append(format(median(rows, 6), "%,.0f"))
					.append(" | ")
					.append(format(median(rows, 7), "%,.0f"))
					.append(" | ")
					.append(format(median(rows, 8), "%.2f"))
					.append(" | ")
					.append(ratio(rps, netty))
					.append(" | ")
					.append(ratio(rps, si))
					.append(" | ")
					.append(ok)
					.append('/')
					.append(rows.size())
					.append(failures(rows))
					.append(" |\n");
			}
		}
		System.out.print(out);
	}

	/** The distinct non-ok statuses, e.g. " died", or "". */
	private static String failures(List<String[]> rows) {
		StringBuilder failures = new StringBuilder();
		rows.stream()
			.map(r -> r[9])
			.filter(status -> !status.equals("ok"))
			.distinct()
			.forEach(status -> failures.append(' ').append(status));
		return failures.toString();
	}

	/**
	 * The throughput of the baseline variant with {@code prefix} on the same JDK as
	 * {@code variant} (a suffix {@code @jdk25} or {@code @jdk25vt} names the JDK; virtual
	 * threads do not change the baseline's JDK; {@code @base}, another build, runs on the
	 * default JDK).
	 */
	private static Double baseline(Map<String, Double> throughput, String prefix, String variant) {
		String jdk = jdk(variant);
		for (Map.Entry<String, Double> entry : throughput.entrySet()) {
			if (entry.getKey().startsWith(prefix) && jdk(entry.getKey()).equals(jdk)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String jdk(String variant) {
		int at = variant.indexOf('@');
		String jdk = (at < 0) ? "" : variant.substring(at + 1).replaceFirst("vt$", "");
		return jdk.equals("base") ? "" : jdk;
	}

	/** Median of column {@code column} over the successful rows, or null. */
	static Double median(List<String[]> rows, int column) {
		double[] values = rows.stream()
			.filter(r -> r[9].equals("ok"))
			.map(r -> r[column])
			.filter(v -> !v.isEmpty() && !v.equals("-"))
			.mapToDouble(Double::parseDouble)
			.sorted()
			.toArray();
		if (values.length == 0) {
			return null;
		}
		int mid = values.length / 2;
		return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
	}

	private static String format(Double value, String pattern) {
		return value == null ? "–" : String.format(Locale.ROOT, pattern, value);
	}

	private static String ratio(Double value, Double baseline) {
		if (value == null || baseline == null || baseline == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f", value / baseline);
	}

}
