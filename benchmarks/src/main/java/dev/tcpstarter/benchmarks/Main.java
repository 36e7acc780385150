package dev.tcpstarter.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entry point of {@code tcp-benchmarks.jar}:
 * {@code java -jar tcp-benchmarks.jar <variant> <args...>}. Servers take {@code <port>}
 * and bind 127.0.0.1 only.
 */
public final class Main {

	private record Launch(String mainClass, String usage, String... fixedArgs) {
	}

	private static final Map<String, Launch> VARIANTS = new LinkedHashMap<>();

	static {
		String pkg = "dev.tcpstarter.benchmarks.";
		VARIANTS.put("starter-resp",
				new Launch(pkg + "starter.StarterRespServer", "<port> [net|nio]: RESP on the starter"));
		VARIANTS.put("starter-metrics-resp", new Launch(pkg + "starter.StarterRespServer",
				"<port>: RESP on the starter with Micrometer metrics", "net", "metrics"));
		VARIANTS.put("starter-nio-resp",
				new Launch(pkg + "starter.StarterRespServer", "<port>: RESP on the starter, transport nio", "nio"));
		VARIANTS.put("si-net-resp", new Launch(pkg + "si.SiRespServer",
				"<port>: RESP on raw Spring Integration, TcpNetServerConnectionFactory", "net"));
		VARIANTS.put("si-nio-resp", new Launch(pkg + "si.SiRespServer",
				"<port>: RESP on raw Spring Integration, TcpNioServerConnectionFactory", "nio"));
		VARIANTS.put("netty-resp", new Launch(pkg + "netty.NettyRespServer", "<port>: RESP on raw Netty"));
		VARIANTS.put("starter-echo",
				new Launch(pkg + "starter.StarterEchoServer", "<port> [net|nio]: length-prefix echo on the starter"));
		VARIANTS.put("starter-nio-echo", new Launch(pkg + "starter.StarterEchoServer",
				"<port>: length-prefix echo on the starter, transport nio", "nio"));
		VARIANTS.put("si-net-echo", new Launch(pkg + "si.SiEchoServer",
				"<port>: length-prefix echo on raw Spring Integration (net)", "net"));
		VARIANTS.put("si-nio-echo", new Launch(pkg + "si.SiEchoServer",
				"<port>: length-prefix echo on raw Spring Integration (nio)", "nio"));
		VARIANTS.put("netty-echo",
				new Launch(pkg + "netty.NettyEchoServer", "<port>: length-prefix echo on raw Netty"));
		VARIANTS.put("load-echo", new Launch(pkg + "load.LoadEcho",
				"<host> <port> <connections> <inFlight> <payloadSize> <totalRequests> [threads] [warmupRequests]: echo load client, prints reqs/s,MB/s,p50us,p99us"));
		VARIANTS.put("push-server", new Launch(pkg + "push.PushServer",
				"<devicesPort> <controlPort> <redisPort> [redis|local]: one instance of the push benchmark"));
		VARIANTS.put("push-load", new Launch(pkg + "push.PushLoad",
				"<devicePortA> <devicePortB> <controlPortA> <devices> targeted <count> <perSecond> <senders> | broadcast <count> <intervalMs> | direct <count>: push load generator (PUSH_PIDS=A:<pid>,B:<pid>,redis:<pid> for CPU per push, PUSH_READERS)"));
		VARIANTS.put("redis-pubsub", new Launch(pkg + "push.RedisPubSubBaseline",
				"<redisPort> <messages> <payloadSize> [subscribers]: bare Redis PUBLISH->SUBSCRIBE baseline (PUSH_PIDS=redis:<pid> for its CPU)"));
		VARIANTS.put("redis-publish", new Launch(pkg + "push.RedisPublishPaths",
				"<redisPort> <messages> <threads> <payloadSize> [template|async|batched|reactive...]: Redis publish paths of the push, side by side (PUSH_PIDS=redis:<pid> for its CPU)"));
		VARIANTS.put("client-bench", new Launch(pkg + "client.ClientBench",
				"<starter|lettuce> <pipelined|sync> <redis-port> <requests> [depth] [warmup]: GETs against redis-server, prints reqs/s,-,p50us,p99us,cpu_us_per_req"));
		VARIANTS.put("report", new Launch(pkg + "Report", "<results.tsv>: Markdown table of a run.sh result file"));
	}

	private Main() {
	}

	public static void main(String[] args) throws Throwable {
		Launch launch = args.length == 0 ? null : VARIANTS.get(args[0]);
		if (launch == null) {
			System.err.println("usage: java -jar tcp-benchmarks.jar <variant> <args...>");
			VARIANTS.forEach((name, l) -> System.err.println("  " + name + " " + l.usage()));
			System.exit(1);
		}
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		String[] mainArgs = (launch.fixedArgs().length == 0 || rest.length == 0) ? rest
				: Stream.concat(Stream.of(rest[0]), Arrays.stream(launch.fixedArgs())).toArray(String[]::new);
		try {
			Class.forName(launch.mainClass()).getMethod("main", String[].class).invoke(null, (Object) mainArgs);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
