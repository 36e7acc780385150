package dev.tcpstarter.benchmarks.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

import dev.tcpstarter.benchmarks.echo.EchoFraming;

/**
 * The 4-byte length-prefix echo server on raw Netty 4.2: decode the frame, write the
 * payload back re-framed.
 */
public final class NettyEchoServer {

	private NettyEchoServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		EchoHandler echo = new EchoHandler();
		LengthFieldPrepender prepender = new LengthFieldPrepender(EchoFraming.HEADER_SIZE);
		NettyServer.run("netty-echo", "127.0.0.1", port, new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel ch) {
				ch.pipeline()
					.addLast(new LengthFieldBasedFrameDecoder(EchoFraming.MAX_FRAME_SIZE, 0, EchoFraming.HEADER_SIZE, 0,
							EchoFraming.HEADER_SIZE))
					.addLast(prepender)
					.addLast(echo);
			}
		});
	}

	@Sharable
	static final class EchoHandler extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object payload) {
			ctx.write(payload, ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
