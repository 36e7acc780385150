package dev.tcpstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects the port that a TCP listener is bound to, as published by the starter in the
 * {@code local.tcp.listener.<name>.port} environment property once the listener is bound.
 * <p>
 * Supported targets, all of type {@code int}, {@link Integer}, {@code long}, {@link Long}
 * or {@link String}:
 * <ul>
 * <li>fields of a Spring TestContext test class (injected when the test instance is
 * prepared) and fields of beans of a test context;</li>
 * <li>single-argument methods of those (setter injection);</li>
 * <li>parameters of JUnit Jupiter test and lifecycle methods of a Spring test class,
 * resolved from the test's {@code ApplicationContext} by a parameter resolver that this
 * annotation registers itself.</li>
 * </ul>
 * Constructors that Spring autowires ({@code @Autowired} or
 * {@code @TestConstructor(autowireMode = ALL)}) have all their parameters resolved by
 * Spring's {@code SpringExtension}: inject the port into a field there instead.
 * <pre class="code">
 * &#064;SpringBootTest(properties = "tcp.listeners.echo.port=0")
 * class EchoServiceTests {
 *
 * 	&#064;LocalTcpPort("echo")
 * 	int port;
 *
 * 	&#064;Test
 * 	void shouldEcho() {
 * 		try (TcpTestClient client = TcpTestClient.connect(this.port)) {
 * 			client.send("hello").expect("hello");
 * 		}
 * 	}
 *
 * }
 * </pre> Listeners bind when the application context starts, after its singletons are
 * created: a bean that is created during the context refresh cannot have the port
 * injected (its creation fails with a message naming the missing property); use the
 * annotation on test classes or on beans created later (lazy or prototype beans).
 *
 * @since 0.1.0
 * @see LocalTcpPortAnnotationBeanPostProcessor
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(LocalTcpPortParameterResolver.class)
public @interface LocalTcpPort {

	/**
	 * Name of the listener, as configured under {@code tcp.listeners.<name>}.
	 * @return the listener name
	 */
	String value();

}
