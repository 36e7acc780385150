package dev.tcpstarter.autoconfigure;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;

/**
 * Lettuce options for a push that fails fast, added to Boot's own options (a
 * {@link LettuceClientOptionsBuilderCustomizer} runs after Boot has set its timeouts and
 * SSL, so nothing of them is lost):
 * <ul>
 * <li>while disconnected, commands are rejected at once instead of queued until the
 * connection is back ({@code REJECT_COMMANDS}); this applies to the whole application's
 * use of Redis;</li>
 * <li>a {@code PUBLISH} that gets no answer (a Redis that hangs, a half-open connection)
 * times out after {@code tcp.push.send-timeout}; other commands keep the timeout Boot
 * gives them ({@code spring.data.redis.timeout}, 60 s when not set).</li>
 * </ul>
 */
final class LettucePushOptions {

	private LettucePushOptions() {
	}

	static LettuceClientOptionsBuilderCustomizer failFast(Duration publishTimeout, @Nullable Duration commandTimeout) {
		long publish = publishTimeout.toMillis();
		long others = ((commandTimeout != null) ? commandTimeout : RedisURI.DEFAULT_TIMEOUT_DURATION).toMillis();
		TimeoutOptions timeouts = TimeoutOptions.builder().timeoutSource(new TimeoutOptions.TimeoutSource() {

			@Override
			public long getTimeout(RedisCommand<?, ?, ?> command) {
				return (command.getType() == CommandType.PUBLISH) ? publish : others;
			}

		}).build();
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(timeouts);
	}

}
