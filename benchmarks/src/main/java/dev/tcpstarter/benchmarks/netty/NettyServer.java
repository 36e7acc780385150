package dev.tcpstarter.benchmarks.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Idiomatic Netty 4.2 server bootstrap: epoll when available (else NIO), one boss thread,
 * default workers.
 */
public final class NettyServer {

	private NettyServer() {
	}

	public static void run(String name, String host, int port, ChannelHandler childInitializer)
			throws InterruptedException {
		boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("bench.netty.nio");
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
		try {
			Channel server = new ServerBootstrap().group(boss, workers)
				.channel(channelType)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(childInitializer)
				.bind(host, port)
				.sync()
				.channel();
			System.out
				.println(name + " listening on " + server.localAddress() + " (" + (epoll ? "epoll" : "nio") + ")");
			server.closeFuture().sync();
		}
		finally {
			boss.shutdownGracefully();
			workers.shutdownGracefully();
		}
	}

}
