package dev.tcpstarter.test;

import java.lang.reflect.Parameter;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * JUnit Jupiter {@link ParameterResolver} for {@link LocalTcpPort @LocalTcpPort}
 * parameters, registered by the annotation itself. The port is read from the environment
 * of the test's Spring {@code ApplicationContext}.
 */
class LocalTcpPortParameterResolver implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.isAnnotated(LocalTcpPort.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		LocalTcpPort annotation = parameterContext.findAnnotation(LocalTcpPort.class).orElseThrow();
		Parameter parameter = parameterContext.getParameter();
		String description = "parameter '" + parameter.getName() + "' of "
				+ parameter.getDeclaringExecutable().toGenericString();
		try {
			Environment environment = SpringExtension.getApplicationContext(extensionContext).getEnvironment();
			return LocalTcpPorts.resolve(environment, annotation.value(), parameter.getType(), description);
		}
		catch (IllegalStateException ex) {
			throw new ParameterResolutionException(String.valueOf(ex.getMessage()), ex);
		}
	}

}
