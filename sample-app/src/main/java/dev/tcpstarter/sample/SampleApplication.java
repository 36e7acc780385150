package dev.tcpstarter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A runnable application with one TCP service per pattern of the seed documentation:
 * echo, caller (ACK), a line-framed chat room, and an address echo for running behind a
 * load balancer ({@code lb}, see {@code WhoAmIService}).
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Start the application.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
